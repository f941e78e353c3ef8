/**
 * No vacuous verdicts: against a target that produces nothing a check could judge, no check may
 * pass. The target answers every request with 200 and an empty JSON object: no manifest, no agent,
 * no stream, no error envelope, nothing saved.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runConformance } from '../../conformance/index.ts';
import { createServer as createAipServer, echoAgent } from '../../reference-server/index.ts';

let server: Server;
let report: Awaited<ReturnType<typeof runConformance>>;
let textOnly: Awaited<ReturnType<typeof runConformance>>;
const aip = createAipServer({
  apiKeys: ['rt_test_text_only_01'],
  db: ':memory:',
  log: () => undefined,
  agents: [echoAgent],
});

beforeAll(async () => {
  server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  report = await runConformance({ url: `http://127.0.0.1:${port}`, apiKey: 'rt_test_nothing_0001', agent: 'nothing' });
  const { url } = await aip.listen(0, '127.0.0.1');
  textOnly = await runConformance({
    url,
    apiKey: 'rt_test_text_only_01',
    only: ['events.', 'invoke.failed', 'stream.'],
  });
}, 120_000);

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await aip.close();
});

describe('a target with nothing to judge', () => {
  it('gets no pass from any check', () => {
    const passed = report.results.filter((r) => r.verdict === 'pass').map((r) => `${r.id}: ${r.message ?? ''}`);
    expect(passed).toEqual([]);
  });
});

describe('a text-only agent and no conformance agent', () => {
  const verdictOf = (id: string) => textOnly.results.find((r) => r.id === id);

  it.each([
    'events.file-edit-path-relative',
    'events.dev-url-absolute-http',
    'events.tool-call-ids-unique',
    'events.tool-scoped-events-inside-call',
    'events.failure-ends-with-error',
    'invoke.failed-run-json',
  ])('%s is not applicable and says how to make it apply', (id) => {
    const r = verdictOf(id);
    expect(r?.verdict, r?.message).toBe('not_applicable');
    expect(r?.message).toMatch(/deploy the conformance agent \(§19\)/);
  });

  it('describes the agent from its manifest and first stream, not from a fixed phrase', () => {
    expect(textOnly.target.agentReason).toMatch(/first stream showed text_delta, complete/);
    expect(textOnly.target.agentReason).not.toMatch(/tool|file edit|dev url/i);
  });
});
