/**
 * The runner on a hostile network, against the reference server: through a proxy that splits
 * writes into tiny pieces, one that adds latency, and one that resets connections, no check may
 * report `fail` or `error`. What the network broke is `untestable` with its cause. The proxy is
 * seeded, so a failure here replays; the split and latency runs use subsets (--only) to stay fast:
 * at a few bytes per millisecond a full run, with its 1–4 MiB uploads, would take minutes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runConformance, type Report } from '../../conformance/index.ts';
import { startEmbedded, type EmbeddedTarget } from '../../conformance/runner/embedded.ts';
import { startFaultProxy, type FaultMode } from './_fault-proxy.ts';

let target: EmbeddedTarget;
beforeAll(async () => {
  target = await startEmbedded();
});
afterAll(() => target.stop());

async function through(mode: FaultMode, seed: number, only?: string[]) {
  const proxy = await startFaultProxy(target.url, mode, { seed, lifetimeMs: 60_000 });
  try {
    const report = await runConformance({
      url: proxy.url,
      apiKey: target.apiKey,
      secondApiKey: target.secondApiKey,
      ...(only ? { only } : {}),
    });
    return { report, resets: proxy.resets };
  } finally {
    await proxy.close();
  }
}

const blamed = (report: Report) =>
  report.results
    .filter((r) => r.verdict === 'fail' || r.verdict === 'error' || r.verdict === 'warn')
    .map((r) => `${r.verdict} ${r.id}: ${r.message ?? ''}`);

const count = (report: Report, verdict: string) => report.results.filter((r) => r.verdict === verdict).length;

describe('through a hostile network, the reference server is never blamed', () => {
  it('(a) writes split into 1–7 byte pieces with 0–5 ms gaps', async () => {
    const { report } = await through({ kind: 'split', minBytes: 1, maxBytes: 7, maxGapMs: 5 }, 7, [
      'http.invalid-utf8-body-rejected',
      'http.order-',
      'auth.missing-key',
      'manifest.agent-document',
      'events.start-first',
    ]);
    expect(report.fatal).toBeUndefined();
    expect(blamed(report)).toEqual([]);
    expect(count(report, 'pass')).toBeGreaterThan(4);
  }, 90_000);

  it('(b) 200 ms of latency on every chunk', async () => {
    const { report } = await through({ kind: 'latency', delayMs: 200 }, 1, [
      'auth.',
      'errors.',
      'events.',
      'stream.',
      'sessions.list',
    ]);
    expect(report.fatal).toBeUndefined();
    expect(blamed(report)).toEqual([]);
    expect(count(report, 'pass')).toBeGreaterThan(20);
  }, 90_000);

  it.each([1, 2, 3, 4, 5, 6])(
    '(c) 2 percent of data chunks reset, seed %i: a whole run, no fail, no crash',
    async (seed) => {
      const { report, resets } = await through({ kind: 'reset', rate: 0.02 }, seed);
      expect(resets).toBeGreaterThan(0);
      expect(blamed(report)).toEqual([]);
      for (const r of report.results.filter((x) => x.verdict === 'untestable'))
        expect(r.message, r.id).toMatch(/could not be completed|Not testable/);
      if (report.fatal) expect(report.fatal.code).toBe('target_unreachable');
    },
    60_000,
  );
});
