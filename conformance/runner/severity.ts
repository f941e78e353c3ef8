/**
 * The one place where a requirement's RFC 2119 level turns into a verdict. A violated MUST
 * is `fail`; a violated SHOULD or MAY is `warn`; nothing else in the kit chooses severity.
 */
import type { Level, Verdict } from '../report/schema.ts';
import type { Outcome } from '../types.ts';

const RANK: Record<Level, number> = { MUST: 0, SHOULD: 1, MAY: 2 };

export function strongest(levels: Level[]): Level {
  return levels.reduce<Level>((best, l) => (RANK[l] < RANK[best] ? l : best), 'MAY');
}

export function atLeast(level: Level, minimum: Level): boolean {
  return RANK[level] <= RANK[minimum];
}

export interface Judgement {
  verdict: Verdict;
  violated?: string[];
}

/** `levelOf` must know every id the check cites (the traceability test guarantees it). */
export function judge(outcome: Outcome, requirements: readonly string[], levelOf: (id: string) => Level): Judgement {
  switch (outcome.kind) {
    case 'pass':
      return { verdict: 'pass' };
    case 'untestable':
      return { verdict: 'untestable' };
    case 'not_applicable':
      return { verdict: 'not_applicable' };
    case 'violation': {
      const cited = outcome.violated?.filter((id) => requirements.includes(id)) ?? [];
      const violated = cited.length > 0 ? cited : [...requirements];
      return { verdict: strongest(violated.map(levelOf)) === 'MUST' ? 'fail' : 'warn', violated };
    }
  }
}

/** Verdicts that mean "this check found the target wanting" (used by baseline and exit code). */
export const FAILING_VERDICTS: readonly Verdict[] = ['fail', 'warn', 'untestable', 'error'];
