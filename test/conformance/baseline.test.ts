/**
 * Baseline semantics against a fake target whose manifest forgets "core": a listed failure keeps
 * its verdict but no longer fails the run; a listed check that passes, or does not exist, is stale
 * and fails the run, so the list can only shrink.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exitCodeOf, parseBaseline, renderConsole, renderJunit, runConformance } from '../../conformance/index.ts';
import { fakeTarget, manifest, serve, type Running } from './_servers.ts';

const FAILING = 'manifest.profiles-include-core';
const PASSING = 'manifest.unique-agent-ids';

let target: Running;
beforeAll(async () => {
  target = await serve(
    fakeTarget(
      manifest((m) => (m.profiles = [])),
      (_req, res) => res.writeHead(404).end(),
    ),
  );
});
afterAll(() => target.close());

const run = (baseline?: string[]) =>
  runConformance({ url: target.url, apiKey: 'aipk_baseline_key', only: [FAILING, PASSING], baseline });

describe('parseBaseline', () => {
  it.each([
    ['a JSON array', '["a.b", "c.d"]', ['a.b', 'c.d']],
    ['one id per line, with comments and blanks', '# known failures\na.b\n\n  c.d  \r\n# end\n', ['a.b', 'c.d']],
    ['an empty file', '', []],
  ])('reads %s', (_name, text, want) => {
    expect(parseBaseline(text)).toEqual(want);
  });

  it('refuses a JSON value that is not an array of strings', () => {
    expect(() => parseBaseline('[1, 2]')).toThrow(/array of check id strings/);
  });
});

describe('baseline in a run', () => {
  it('without a baseline the failure fails the run', async () => {
    const report = await run();
    expect(report.results.find((r) => r.id === FAILING)?.verdict).toBe('fail');
    expect(exitCodeOf(report)).toBe(1);
  });

  it('a listed failure keeps its verdict, is marked baselined, and does not fail the run', async () => {
    const report = await run([FAILING]);
    const r = report.results.find((x) => x.id === FAILING)!;
    expect(r.verdict).toBe('fail');
    expect(r.baselined).toBe(true);
    expect(report.baseline).toEqual({ listed: [FAILING], matched: [FAILING], stale: [] });
    expect(report.summary.mustFailures).toBe(0);
    expect(exitCodeOf(report)).toBe(0);
    expect(renderJunit(report)).toContain('baselined known failure');
  });

  it('a listed check that passes is stale and fails the run, saying so', async () => {
    const report = await run([FAILING, PASSING]);
    expect(report.baseline?.stale).toEqual([PASSING]);
    expect(exitCodeOf(report)).toBe(1);
    expect(renderConsole(report)).toMatch(/Stale baseline entries \(1\)[\s\S]*manifest\.unique-agent-ids/);
    expect(renderJunit(report)).toContain('name="baseline.stale"');
  });

  it('a listed id that no check has is stale', async () => {
    const report = await run([FAILING, 'no.such-check']);
    expect(report.baseline?.stale).toEqual(['no.such-check']);
    expect(exitCodeOf(report)).toBe(1);
  });

  it('entries for checks filtered out by --only are neither matched nor stale', async () => {
    const report = await run([FAILING, 'stream.cache-control']);
    expect(report.baseline?.stale).toEqual([]);
    expect(exitCodeOf(report)).toBe(0);
  });
});
