/**
 * runClientConformance around drivers that break the contract: a driver that hangs is killed at
 * the timeout and fails, a baselined failure does not fail the run, a stale entry does, and
 * options out of range are usage errors.
 */
import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { exitCodeOf, runClientConformance, UsageError } from '../../conformance/index.ts';

const ZOO = fileURLToPath(new URL('./zoo/driver.mjs', import.meta.url));

describe('runClientConformance', () => {
  it('fails a driver that never finishes, kills it at the timeout and says so', async () => {
    const report = await runClientConformance({ command: 'sleep 20', only: ['errors.502-html'], timeoutMs: 800 });
    const [r] = report.results;
    expect(r?.verdict).toBe('fail');
    expect(r?.message).toMatch(/did not finish within the scenario timeout/);
    expect(r?.evidence?.client?.timedOut).toBe(true);
    expect(report.durationMs).toBeLessThan(10_000);
  });

  it('fails a driver that prints the expected transcript without asking the hub', async () => {
    const report = await runClientConformance({
      command: 'echo \'{"failure":{"status":502,"code":null,"message":"bad gateway"}}\'; exit 1',
      only: ['errors.502-html'],
    });
    expect(report.results[0]?.verdict).toBe('fail');
    expect(report.results[0]?.message).toMatch(/sent no request to POST \/v1\/aip\/invoke/);
  });

  it('reports a driver that prints what the contract does not allow', async () => {
    const report = await runClientConformance({ command: 'echo hello; exit 1', only: ['errors.502-html'] });
    expect(report.results[0]?.message).toMatch(
      /broke the output contract: 1 stdout line\(s\) are not transcript lines/,
    );
  });

  it('tolerates a baselined failure and fails on a stale baseline entry', async () => {
    const baselined = await runClientConformance({
      command: 'exit 1',
      only: ['errors.502-html'],
      baseline: ['errors.502-html'],
    });
    expect(baselined.results[0]?.baselined).toBe(true);
    expect(exitCodeOf(baselined)).toBe(0);
    const stale = await runClientConformance({
      command: `"${process.execPath}" "${ZOO}" correct`,
      only: ['errors.502-html'],
      baseline: ['errors.502-html'],
    });
    expect(stale.results[0]?.verdict).toBe('pass');
    expect(stale.baseline?.stale).toEqual(['errors.502-html']);
    expect(exitCodeOf(stale)).toBe(1);
  });

  it.each([{ timeoutMs: 10 }, { concurrency: 0 }, { command: '  ' }, { only: ['nothing-like-this'] }])(
    'rejects %j as a usage error',
    async (options) => {
      await expect(runClientConformance(options)).rejects.toThrow(UsageError);
    },
  );
});
