/**
 * What the runner does when the network, not the server, answered: rate limits waited out up to a
 * bound, an idempotent GET retried once after a reset (and the report says so), a POST never
 * retried, and every such fault ends as `untestable` with its cause — never as `fail`.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { renderConsole, runConformance, type Check } from '../../conformance/index.ts';
import { retryAfterMs } from '../../conformance/runner/network.ts';
import { fakeTarget, manifest, serve, type Running } from './_servers.ts';

let target: Running | undefined;
afterEach(async () => {
  await target?.close();
  target = undefined;
});

/** A check that sends one request and passes on any 200: what it proves is how the send went. */
function probeCheck(method: string, path: string): Check {
  return {
    id: 'test.one-request',
    title: 'one request',
    section: '3',
    requirements: ['AIP-HTTP-001'],
    profile: 'core',
    action: `${method} ${path}`,
    async run(ctx) {
      const res = await ctx.send({ method, path, ...(method === 'POST' ? { json: {} } : {}) });
      return res.status === 200
        ? { kind: 'pass' }
        : { kind: 'violation', message: `HTTP ${String(res.status)}`, actual: String(res.status) };
    },
  };
}

async function runOne(handler: Parameters<typeof fakeTarget>[1], method: string, extra = {}) {
  target = await serve(fakeTarget(manifest(), handler));
  return runConformance({
    url: target.url,
    apiKey: 'aipk_network_test_key',
    checks: [probeCheck(method, '/x')],
    ...extra,
  });
}

describe('transport faults and rate limits', () => {
  it('waits out a 429 with Retry-After and then judges the real answer', async () => {
    let calls = 0;
    const report = await runOne((_req, res) => {
      if (++calls === 1) res.writeHead(429, { 'retry-after': '1' }).end();
      else res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    }, 'POST');
    expect(report.results[0]!.verdict).toBe('pass');
    expect(calls).toBe(2);
    expect(report.network).toEqual([expect.objectContaining({ kind: 'wait', request: 'POST /x' })]);
    expect(renderConsole(report)).toMatch(/Network: 0 idempotent request\(s\) retried .*1 Retry-After wait/);
  });

  it('reports a Retry-After beyond the bound as untestable with the reason, never fail', async () => {
    const report = await runOne((_req, res) => res.writeHead(503, { 'retry-after': '120' }).end(), 'POST', {
      maxRetryAfterMs: 1_000,
    });
    const r = report.results[0]!;
    expect(r.verdict).toBe('untestable');
    expect(r.message).toMatch(/HTTP 503 and Retry-After: 120.*1000 ms each \(--max-retry-after\)/);
  });

  it('retries a GET once after a reset, and the report says so', async () => {
    let calls = 0;
    const report = await runOne((_req, res) => {
      if (++calls === 1) res.socket?.resetAndDestroy();
      else res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    }, 'GET');
    expect(report.results[0]!.verdict).toBe('pass');
    expect(report.network).toEqual([expect.objectContaining({ kind: 'retry', request: 'GET /x' })]);
  });

  it('never retries a POST: a reset is untestable with its cause', async () => {
    let calls = 0;
    const report = await runOne((_req, res) => {
      calls++;
      res.socket?.resetAndDestroy();
    }, 'POST');
    const r = report.results[0]!;
    expect(calls).toBe(1);
    expect(r.verdict).toBe('untestable');
    expect(r.message).toMatch(/POST \/x could not be completed: the connection was reset/);
    expect(r.evidence?.exchanges[0]?.failure?.code).toBe('reset');
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    expect(retryAfterMs('3')).toBe(3000);
    expect(retryAfterMs(new Date(10_000).toUTCString(), 4_000)).toBe(6_000);
    expect(retryAfterMs('soon')).toBeUndefined();
    expect(retryAfterMs(undefined)).toBeUndefined();
  });
});
