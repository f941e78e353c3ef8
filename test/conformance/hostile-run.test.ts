/** A whole run against a target that hangs and never ends its streams: failures with reasons, in bounded time. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exitCodeOf, runConformance } from '../../conformance/index.ts';
import { event, fakeTarget, manifest, serve, SSE, type Running } from './_servers.ts';

let target: Running;
beforeAll(async () => {
  target = await serve(
    fakeTarget(manifest(), (req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        if (!body.includes('"stream":true')) return; // JSON invokes hang forever
        res.writeHead(200, SSE);
        res.write(event('start', { invocationId: 'inv_1', agent: 'fake-agent', session: null }));
        const t = setInterval(() => res.write(event('text_delta', { content: '.' })), 50);
        req.on('close', () => clearInterval(t));
        res.on('close', () => clearInterval(t));
      });
    }),
  );
});
afterAll(() => target.close());

describe('a hanging, never-ending target', () => {
  it('yields failures naming the timeout, never a hang or a crash', async () => {
    const t0 = Date.now();
    const report = await runConformance({
      url: target.url,
      apiKey: 'aipk_hostile_key',
      timeoutMs: 500,
      only: ['portable.invoke-json', 'events.exactly-one-terminal', 'events.start-first'],
    });
    expect(Date.now() - t0).toBeLessThan(5_000);
    const byId = Object.fromEntries(report.results.map((r) => [r.id, r]));
    expect(byId['portable.invoke-json']!.verdict).toBe('fail');
    expect(byId['portable.invoke-json']!.message).toMatch(/no response: no response headers within 500 ms/);
    expect(byId['events.exactly-one-terminal']!.verdict).toBe('fail');
    expect(byId['events.exactly-one-terminal']!.message).toMatch(/no terminal event .*did not end within 500 ms/);
    expect(byId['events.start-first']!.verdict).toBe('pass');
    expect(exitCodeOf(report)).toBe(1);
  });
});
