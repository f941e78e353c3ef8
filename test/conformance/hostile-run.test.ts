/**
 * A whole run against a target that hangs and never ends its streams: in bounded time, with the
 * timeout named. From outside, a hang cannot be told from a broken network, so those checks are
 * untestable (which still fails the run at MUST level), never a `fail` blamed on the server.
 */
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
  it('yields untestable results naming the timeout, never a hang or a crash', async () => {
    const t0 = Date.now();
    const report = await runConformance({
      url: target.url,
      apiKey: 'aipk_hostile_key',
      timeoutMs: 1_000,
      firstByteTimeoutMs: 300,
      only: ['portable.invoke-json', 'events.exactly-one-terminal', 'events.start-first'],
    });
    expect(Date.now() - t0).toBeLessThan(5_000);
    const byId = Object.fromEntries(report.results.map((r) => [r.id, r]));
    expect(byId['portable.invoke-json']!.verdict).toBe('untestable');
    expect(byId['portable.invoke-json']!.message).toMatch(/no response within 300 ms of sending the request/);
    expect(byId['events.exactly-one-terminal']!.verdict).toBe('untestable');
    expect(byId['events.exactly-one-terminal']!.message).toMatch(/did not finish within 1000 ms/);
    // The stream did start with `start`, but a check judges a whole stream only once it was read to its end.
    expect(byId['events.start-first']!.verdict).toBe('untestable');
    expect(exitCodeOf(report)).toBe(1);
  });
});
