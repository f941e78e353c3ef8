/**
 * Negative proofs: every mutant of the zoo must be killed — the kit reports the mutant's expected
 * requirement with the expected verdict (fail for a MUST, warn for a SHOULD), from a check that is
 * green against the reference server. The kit must never break itself on a mutant, and every check
 * must kill at least one mutant unless test/mutants/unkillable.json says why it cannot.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHECKS } from '../../conformance/index.ts';
import { judge, nonPass, principals, runThrough, type Judgement, type Trial } from '../mutants/harness.ts';
import { startUpstream, type Upstream } from '../mutants/upstream.ts';
import { FAMILIES, ZOO } from '../mutants/zoo/index.ts';
import type { Mutant } from '../mutants/types.ts';

/** Trials running at once; each uses its own principal, so their sessions never mix. */
const PARALLEL = 4;
const UNKILLABLE = JSON.parse(readFileSync(new URL('../mutants/unkillable.json', import.meta.url), 'utf8')) as Record<
  string,
  string
>;

let upstream: Upstream;
let baseline: Trial;
const baselineVerdicts = new Map<string, string>();
const trials = new Map<string, Trial | Error>();
const judgements = new Map<string, Judgement>();

beforeAll(async () => {
  upstream = await startUpstream(2 * (ZOO.length + 1));
  baseline = await runThrough(upstream, principals(upstream, 0), {});
  for (const r of baseline.report.results) baselineVerdicts.set(r.id, r.verdict);
  const queue = ZOO.map((mutant, i) => ({ mutant, keys: principals(upstream, i + 1) }));
  const worker = async () => {
    for (let next = queue.shift(); next; next = queue.shift()) {
      const { mutant, keys } = next;
      try {
        const trial = await runThrough(
          upstream,
          keys,
          mutant,
          mutant.only ?? [...mutant.expect.requirements, ...(mutant.notBlamed ?? [])],
        );
        trials.set(mutant.name, trial);
        judgements.set(mutant.name, judge(mutant, trial.report, baselineVerdicts));
      } catch (err) {
        trials.set(mutant.name, err as Error);
      }
    }
  };
  await Promise.all(Array.from({ length: PARALLEL }, worker));
}, 180_000);

afterAll(async () => {
  await upstream?.close();
  if (judgements.size > 0) console.log(summary());
});

describe('the transparent proxy (baseline)', () => {
  it('passes every MUST, so a red check in a trial is the mutant\u2019s doing', () => {
    const red = baseline.report.results.filter(
      (r) => r.verdict === 'fail' || r.verdict === 'error' || (r.verdict === 'untestable' && r.level === 'MUST'),
    );
    expect(red.map((r) => `${r.id}: ${r.verdict} ${r.message ?? ''}`)).toEqual([]);
  });
});

describe.each(Object.entries(FAMILIES))('mutants: %s', (_family, mutants: Mutant[]) => {
  it.each(mutants.map((m) => [m.name, m] as const))('%s is killed', (_name, mutant) => {
    const trial = trials.get(mutant.name);
    if (trial instanceof Error) throw trial;
    expect(trial, 'the trial did not run').toBeDefined();
    expect(trial!.report.fatal, 'the kit could not reach the target').toBeUndefined();
    const j = judgements.get(mutant.name)!;
    const context = `${mutant.fault}\nnon-pass results:\n  ${nonPass(trial!.report).join('\n  ')}`;
    expect(j.uncited, `no check in the selection cites these requirements. ${context}`).toEqual([]);
    expect(j.missed, `expected verdict "${mutant.expect.verdict}". ${context}`).toEqual([]);
    expect(j.unattributable, `the checks that caught it are red against the reference server too. ${context}`).toEqual(
      [],
    );
  });
});

describe('root causes first', () => {
  const withConsequences = ZOO.filter((m) => m.notBlamed !== undefined);
  it.each(withConsequences.map((m) => [m.name, m] as const))(
    '%s: the checks it breaks only indirectly name the root cause instead of failing',
    (_name, mutant) => {
      const trial = trials.get(mutant.name);
      if (!(trial && !(trial instanceof Error))) throw trial ?? new Error('the trial did not run');
      const byId = new Map(trial.report.results.map((r) => [r.id, r]));
      const red = new Set(['fail', 'warn', 'untestable', 'error']);
      for (const id of mutant.notBlamed!) {
        const r = byId.get(id);
        expect(r, `${id} did not run`).toBeDefined();
        expect(r!.verdict, `${id}: ${r!.message ?? ''}`).not.toBe('fail');
        if (r!.verdict === 'untestable') {
          expect(r!.rootCause, `${id} is untestable without naming a root cause: ${r!.message}`).toBeDefined();
          expect(red.has(byId.get(r!.rootCause!)?.verdict ?? ''), `${id} names ${r!.rootCause}, which is not red`).toBe(
            true,
          );
        }
      }
    },
  );
});

describe('the kit against hostile servers', () => {
  it('never breaks itself (no `error` verdict) on any mutant', () => {
    const broken = [...trials].flatMap(([name, t]) =>
      t instanceof Error
        ? [`${name}: ${t.message}`]
        : t.report.results.filter((r) => r.verdict === 'error').map((r) => `${name}: ${r.id}: ${r.message ?? ''}`),
    );
    expect(broken).toEqual([]);
  });
});

describe('coverage of checks by the zoo', () => {
  it('every check is killed by at least one mutant, or listed in unkillable.json with a reason', () => {
    expect(trials.size, 'run the whole zoo (no test filter) to judge coverage').toBe(ZOO.length);
    const killed = new Set([...judgements.values()].flatMap((j) => j.kills));
    const unkilled = CHECKS.map((c) => c.id).filter((id) => !killed.has(id) && !(id in UNKILLABLE));
    // A check that is red against the reference server itself cannot be credited with a kill.
    expect(unkilled.map((id) => `${id} (baseline: ${baselineVerdicts.get(id) ?? 'not run'})`)).toEqual([]);
  });

  it('unkillable.json names only real checks that no mutant kills, each with a reason', () => {
    const ids = new Set(CHECKS.map((c) => c.id));
    const killed = new Set([...judgements.values()].flatMap((j) => j.kills));
    for (const [id, reason] of Object.entries(UNKILLABLE)) {
      expect(ids.has(id), `${id} is not a check`).toBe(true);
      expect(killed.has(id), `${id} is killed by a mutant now; remove it from unkillable.json`).toBe(false);
      expect(reason.length).toBeGreaterThan(20);
    }
  });
});

function summary(): string {
  const killedCount = [...judgements.values()].filter((j) => j.killed).length;
  const lines = [
    `\nMutant zoo: ${killedCount}/${ZOO.length} killed (${((100 * killedCount) / ZOO.length).toFixed(1)} %)`,
  ];
  for (const [family, mutants] of Object.entries(FAMILIES)) {
    const k = mutants.filter((m) => judgements.get(m.name)?.killed).length;
    lines.push(`  ${family.padEnd(14)} ${k}/${mutants.length}`);
  }
  lines.push('\nPer mutant (expected requirement -> checks it turned red):');
  for (const m of ZOO) {
    const j = judgements.get(m.name);
    const mark = j?.killed ? 'KILLED ' : 'SURVIVED';
    lines.push(
      `  ${mark} ${m.name.padEnd(40)} ${m.expect.requirements.join(',')} ${m.expect.verdict} -> ${j?.kills.join(', ') || '(none)'}`,
    );
  }
  const byCheck = new Map<string, string[]>();
  for (const [name, j] of judgements) for (const id of j.kills) byCheck.set(id, [...(byCheck.get(id) ?? []), name]);
  lines.push('\nPer check (mutants that turned it red):');
  for (const c of CHECKS) {
    const by = byCheck.get(c.id);
    lines.push(
      `  ${c.id.padEnd(48)} ${by ? `${by.length}: ${by.join(', ')}` : c.id in UNKILLABLE ? `unkillable: ${UNKILLABLE[c.id]}` : 'NOT KILLED'}`,
    );
  }
  return lines.join('\n');
}
