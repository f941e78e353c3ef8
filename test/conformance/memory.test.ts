/**
 * Bounded memory: a whole run against a hostile target costs the runner at most 256 MiB of peak
 * RSS. Each run happens in a child process (test/conformance/_memory-child.js: the built package under
 * plain node, as users run it; npm test builds first), which reports its own peak RSS, so the figure is
 * the runner's and not the test process's or a TypeScript loader's. The hostile targets run
 * here and generate their bytes on the fly, forever: an endless line, a 1 GiB JSON body, an
 * endless stream of events — the last with 64 checks at once.
 */
import { execFile } from 'node:child_process';
import type { ServerResponse } from 'node:http';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { fakeTarget, flood, manifest, serve, SSE, type Running } from './_servers.ts';

const run = promisify(execFile);
const LIMIT_MIB = 256;
const GiB = 1024 ** 3;
const CHILD = fileURLToPath(new URL('./_memory-child.js', import.meta.url));

const BODIES: Record<string, (res: ServerResponse) => void> = {
  'an endless line': (res) => {
    res.writeHead(200, SSE);
    flood(res, Buffer.alloc(64 * 1024, 'a'));
  },
  'a 1 GiB JSON body': (res) => {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(GiB) });
    flood(res, Buffer.alloc(64 * 1024, '['));
  },
  'an endless stream of events': (res) => {
    res.writeHead(200, SSE);
    flood(res, Buffer.from(`event: text_delta\ndata: {"content":"${'y'.repeat(4000)}"}\n\n`.repeat(16)));
  },
};

let target: Running | undefined;
afterEach(async () => {
  await target?.close();
  target = undefined;
});

describe('peak RSS of a whole run against a hostile target', () => {
  it.each([
    ['an endless line', 6],
    ['a 1 GiB JSON body', 6],
    ['an endless stream of events', 64],
  ] as const)(
    '%s, %i checks at once: at most 256 MiB',
    async (body, concurrency) => {
      target = await serve(
        fakeTarget(manifest(), (req, res) => {
          req.resume();
          BODIES[body]!(res);
        }),
      );
      const { stdout } = await run(process.execPath, [CHILD, target.url, String(concurrency)], {
        timeout: 60_000,
        maxBuffer: 1024 * 1024,
      });
      const figures = JSON.parse(stdout.trim().split('\n').pop()!) as { peakRssMiB: number; checks: number };
      expect(figures.checks).toBeGreaterThan(100);
      expect(figures.peakRssMiB).toBeLessThanOrEqual(LIMIT_MIB);
    },
    90_000,
  );
});
