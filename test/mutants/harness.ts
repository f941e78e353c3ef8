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

export interface Judgement {
  killed: boolean;
  /** Expected requirement ids no result cites (the kit has no check for them in this selection). */
  uncited: string[];
  /** Expected requirement ids cited only with another verdict, and what the kit said instead. */
  missed: Array<{ requirement: string; verdicts: string[] }>;
  /** Checks that went red here but were green against the transparent proxy: what the mutant killed. */
  kills: string[];
}

/**
 * A result hits a requirement when it cites it with the verdict, and — if the kit says which of
 * its requirements were violated — names it among them.
 */
function hits(r: Result, requirement: string, verdict: string): boolean {
  return r.verdict === verdict && r.requirements.includes(requirement) && (r.violated === undefined || r.violated.includes(requirement));
}

/**
 * A mutant is killed when, for every expected requirement, some result hits it with the expected
 * verdict. Red checks count as kills only if they passed in the baseline, so a check that is red
 * anyway never takes credit.
 */
export function judge(mutant: Mutant, report: Report, baseline: ReadonlyMap<string, string>): Judgement {
  const uncited: string[] = [];
  const missed: Judgement['missed'] = [];
  for (const requirement of mutant.expect.requirements) {
    const citing = report.results.filter((r) => r.requirements.includes(requirement));
    if (citing.length === 0) uncited.push(requirement);
    else if (!citing.some((r) => hits(r, requirement, mutant.expect.verdict))) {
      missed.push({ requirement, verdicts: citing.map((r) => `${r.id}=${r.verdict}${r.violated ? ` (violated ${r.violated.join(',')})` : ''}`) });
    }
  }
  const kills = report.results.filter((r) => RED.has(r.verdict) && baseline.get(r.id) === 'pass').map((r) => r.id);
  return { killed: uncited.length === 0 && missed.length === 0, uncited, missed, kills };
}

/** A short account of every non-pass result, for failure messages. */
export function nonPass(report: Report): string[] {
  return report.results.filter((r) => r.verdict !== 'pass').map((r) => `${r.id} [${r.requirements.join(',')}] ${r.verdict}: ${r.message ?? ''}`.slice(0, 300));
}
