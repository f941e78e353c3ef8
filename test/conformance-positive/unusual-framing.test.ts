/**
 * No false alarms: the whole suite, run against the reference server and against conformant but
 * unusual variants of it, reports no fail, no error and no MUST-level untestable, and warns exactly
 * where a variant departs from a SHOULD (the simple SSE profile) — an unexpected warning fails too.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { principals, runThrough, type Result, type Trial } from '../mutants/harness.ts';
import { startUpstream, type Upstream } from '../mutants/upstream.ts';
import { VARIANTS } from './variants.ts';

const PARALLEL = 3;

let upstream: Upstream;
const trials = new Map<string, Trial | Error>();

beforeAll(async () => {
  upstream = await startUpstream(2 * VARIANTS.length);
  const queue = VARIANTS.map((variant, i) => ({ variant, keys: principals(upstream, i) }));
  const worker = async () => {
    for (let next = queue.shift(); next; next = queue.shift()) {
      try {
        trials.set(next.variant.name, await runThrough(upstream, next.keys, next.variant));
      } catch (err) {
        trials.set(next.variant.name, err as Error);
      }
    }
  };
  await Promise.all(Array.from({ length: PARALLEL }, worker));
}, 180_000);

afterAll(async () => {
  await upstream?.close();
});

const describeResult = (r: Result) =>
  `${r.id} [${r.requirements.join(',')}] ${r.verdict}: ${r.message ?? ''}`.slice(0, 400);

function trialOf(name: string): Trial {
  const trial = trials.get(name);
  if (trial instanceof Error) throw trial;
  if (!trial) throw new Error(`variant ${name} did not run`);
  return trial;
}

/** Requirement ids cited by `warn` results (SHOULD-level departures the kit noticed). */
function warned(trial: Trial): string[] {
  const ids = trial.report.results.filter((r) => r.verdict === 'warn').flatMap((r) => r.requirements);
  return [...new Set(ids)].sort();
}

const isRed = (r: Result) =>
  r.verdict === 'fail' || r.verdict === 'error' || (r.verdict === 'untestable' && r.level === 'MUST');

describe('the reference server itself (transparent proxy)', () => {
  it('has no fail, error or MUST-level untestable result', () => {
    expect(trialOf('transparent').report.results.filter(isRed).map(describeResult)).toEqual([]);
  });

  it('draws no warning at all', () => {
    const trial = trialOf('transparent');
    expect(
      trial.report.results.filter((r) => r.verdict === 'warn' || r.verdict === 'untestable').map(describeResult),
    ).toEqual([]);
  });
});

/**
 * A variant is judged against the transparent run, so a fault of the reference server itself is
 * reported once (above) and every red result here is the kit reacting to the variant's oddity.
 */
describe.each(VARIANTS.filter((v) => v.name !== 'transparent').map((v) => [v.name, v] as const))(
  'variant: %s',
  (name, variant) => {
    it('adds no fail, error or MUST-level untestable result', () => {
      const trial = trialOf(name);
      expect(trial.report.fatal).toBeUndefined();
      const before = new Map(trialOf('transparent').report.results.map((r) => [r.id, r.verdict]));
      const added = trial.report.results.filter((r) => isRed(r) && before.get(r.id) !== r.verdict);
      expect(added.map(describeResult), variant.oddity).toEqual([]);
    });

    it(`warns exactly about ${variant.warns.length ? variant.warns.join(', ') : 'nothing beyond the baseline'}`, () => {
      const baseline = warned(trialOf('transparent'));
      const expected = [...new Set([...baseline, ...variant.warns])].sort();
      const trial = trialOf(name);
      const detail = trial.report.results
        .filter((r) => r.verdict === 'warn')
        .map(describeResult)
        .join('\n  ');
      expect(warned(trial), `${variant.oddity}\nwarnings:\n  ${detail}`).toEqual(expected);
    });
  },
);
