/**
 * Runs the conformance kit against the reference server behind the proxy, and judges what the
 * kit said: did it kill the mutant (the expected requirement got the expected verdict), and
 * which checks went red.
 */
import { runConformance } from '../../conformance/index.ts';
import { startProxy } from './proxy.ts';
import type { Mutant, Variant } from './types.ts';
import type { Upstream } from './upstream.ts';

type Report = Awaited<ReturnType<typeof runConformance>>;
export type Result = Report['results'][number];

export interface Trial {
  report: Report;
  /** The proxy's request log, for diagnosing a surprising verdict. */
  log: string[];
}

export const AGENT = 'code-assistant';

/** Two principals of the upstream: the kit's main key and the key it checks isolation with. */
export interface Principals {
  apiKey: string;
  secondApiKey: string;
}

/** The `n`th pair of keys of the upstream, so parallel runs never see each other's sessions. */
export function principals(upstream: Upstream, n: number): Principals {
  const apiKey = upstream.apiKeys[2 * n];
  const secondApiKey = upstream.apiKeys[2 * n + 1];
  if (!apiKey || !secondApiKey) throw new RangeError(`the upstream has no key pair #${n}; start it with more keys`);
  return { apiKey, secondApiKey };
}

/** One conformance run through a proxy carrying `fault`. */
export async function runThrough(
  upstream: Upstream,
  keys: Principals,
  fault: Omit<Mutant, 'name' | 'fault' | 'expect'> | Omit<Variant, 'oddity' | 'warns'>,
  only?: string[],
): Promise<Trial> {
  const proxy = await startProxy({ upstreamUrl: upstream.url, ...keys }, fault);
  try {
    const report = await runConformance({ url: proxy.url, ...keys, agent: AGENT, ...(only ? { only } : {}) });
    return { report, log: proxy.log };
  } finally {
    await proxy.close();
  }
}

const RED = new Set(['fail', 'warn']);
/** Baseline verdicts a mutant can take credit for turning red (not_applicable: the mutant made the check apply). */
const GREEN = new Set(['pass', 'not_applicable']);

export interface Judgement {
  killed: boolean;
  /** Expected requirement ids no result cites (the kit has no check for them in this selection). */
  uncited: string[];
  /** Expected requirement ids cited only with another verdict, and what the kit said instead. */
  missed: Array<{ requirement: string; verdicts: string[] }>;
  /** Expected requirement ids hit only by checks that are red against the reference server too. */
  unattributable: Array<{ requirement: string; baseline: string[] }>;
  /** Checks that went red here but were green against the transparent proxy: what the mutant killed. */
  kills: string[];
}

/**
 * A result hits a requirement when it cites it with the verdict, and — if the kit says which of
 * its requirements were violated — names it among them.
 */
function hits(r: Result, requirement: string, verdict: string): boolean {
  return (
    r.verdict === verdict &&
    r.requirements.includes(requirement) &&
    (r.violated === undefined || r.violated.includes(requirement))
  );
}

/**
 * A mutant is killed when, for every expected requirement, some result hits it with the expected
 * verdict and that check was green (or not applicable) against the transparent proxy: a check that
 * is red anyway never takes credit, for the mutant or in the kill matrix.
 */
export function judge(mutant: Mutant, report: Report, baseline: ReadonlyMap<string, string>): Judgement {
  const uncited: string[] = [];
  const missed: Judgement['missed'] = [];
  const unattributable: Judgement['unattributable'] = [];
  for (const requirement of mutant.expect.requirements) {
    const citing = report.results.filter((r) => r.requirements.includes(requirement));
    const hit = citing.filter((r) => hits(r, requirement, mutant.expect.verdict));
    if (citing.length === 0) uncited.push(requirement);
    else if (hit.length === 0) {
      missed.push({
        requirement,
        verdicts: citing.map((r) => `${r.id}=${r.verdict}${r.violated ? ` (violated ${r.violated.join(',')})` : ''}`),
      });
    } else if (!hit.some((r) => GREEN.has(baseline.get(r.id) ?? ''))) {
      unattributable.push({ requirement, baseline: hit.map((r) => `${r.id}=${baseline.get(r.id) ?? 'not run'}`) });
    }
  }
  const kills = report.results
    .filter((r) => RED.has(r.verdict) && GREEN.has(baseline.get(r.id) ?? ''))
    .map((r) => r.id);
  return {
    killed: uncited.length === 0 && missed.length === 0 && unattributable.length === 0,
    uncited,
    missed,
    unattributable,
    kills,
  };
}

/** A short account of every non-pass result, for failure messages. */
export function nonPass(report: Report): string[] {
  return report.results
    .filter((r) => r.verdict !== 'pass')
    .map((r) => `${r.id} [${r.requirements.join(',')}] ${r.verdict}: ${r.message ?? ''}`.slice(0, 300));
}
