/**
 * What a run costs before it starts. Real agents call paid models, so the kit declares, as data
 * in conformance/invocations.json, how many agent invocations each check sends itself, how many
 * each shared fixture sends, and which fixtures each check uses. A run sends its checks' own
 * invocations plus each fixture's once. test/conformance/invocations.test.ts holds the table to
 * what a run against the reference server really sends.
 */
import table from '../invocations.json' with { type: 'json' };
import type { Level } from '../report/schema.ts';
import { UsageError, type Check } from '../types.ts';
import { matchesPrefix } from './select.ts';
import { atLeast } from './severity.ts';

export interface InvocationTable {
  /** Invocations a check sends itself, not through fixtures. */
  checks: Record<string, number>;
  /** Invocations a fixture sends itself, made once per run however many checks use it. */
  fixtures: Record<string, number>;
  /** Fixtures each check uses, directly or through other fixtures. */
  uses: Record<string, string[]>;
}

export const INVOCATIONS = table as unknown as InvocationTable;

/** Invocations a run of `checks` sends at most; a check the table does not know (a test's own) counts 0. */
export function invocationsOfRun(checks: readonly Pick<Check, 'id'>[], t: InvocationTable = INVOCATIONS): number {
  const fixtures = new Set(checks.flatMap((c) => t.uses[c.id] ?? []));
  let sum = 0;
  for (const c of checks) sum += t.checks[c.id] ?? 0;
  for (const f of fixtures) sum += t.fixtures[f] ?? 0;
  return sum;
}

const INVOKE_PATHS = ['/.well-known/aip/invoke', '/v1/aip/invoke'];

/** True for a request that runs an agent (the thing that costs money). */
export function isInvocation(method: string, path: string): boolean {
  if (method !== 'POST') return false;
  const p = path.split('?')[0]!;
  return INVOKE_PATHS.some((end) => p.endsWith(end));
}

/**
 * Refuses a run whose selected checks would send more than `max` invocations, naming the
 * selections that would fit: each level, and each check-id family (`--only stream.`).
 */
export function enforceBudget(
  selected: readonly Check[],
  catalogue: readonly Check[],
  max: number,
  levelOf: (c: Check) => Level,
): number {
  const cost = invocationsOfRun(selected);
  if (cost <= max) return cost;
  const fits: string[] = [];
  for (const [flag, level] of [
    ['must', 'MUST'],
    ['should', 'SHOULD'],
  ] as const) {
    const n = invocationsOfRun(catalogue.filter((c) => atLeast(levelOf(c), level)));
    if (n <= max) fits.push(`--level ${flag} (${n})`);
  }
  const families = [...new Set(catalogue.map((c) => `${c.id.split('.')[0]}.`))];
  for (const family of families) {
    const n = invocationsOfRun(catalogue.filter((c) => matchesPrefix(c, family)));
    if (n <= max) fits.push(`--only ${family} (${n})`);
  }
  throw new UsageError(
    `the selected checks would send up to ${cost} agent invocations, more than --max-invocations ${max}. ${
      fits.length > 0
        ? `Selections that fit (invocations): ${fits.join(', ')}; --only may be repeated to combine families.`
        : 'No single --level or --only family fits; raise --max-invocations or name single checks with --only.'
    }`,
  );
}
