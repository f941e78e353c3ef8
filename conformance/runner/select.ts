import type { Level } from '../report/schema.ts';
import { UsageError, type Check } from '../types.ts';
import { atLeast } from './severity.ts';

const MIN_LEVEL: Record<'must' | 'should' | 'may', Level> = { must: 'MUST', should: 'SHOULD', may: 'MAY' };

/** True when a prefix selects the check: by check id (`stream.`) or requirement id (`AIP-EVT`), case-insensitively. */
export function matchesPrefix(check: Pick<Check, 'id' | 'requirements'>, prefix: string): boolean {
  const p = prefix.toLowerCase();
  return check.id.toLowerCase().startsWith(p) || check.requirements.some((r) => r.toLowerCase().startsWith(p));
}

export function selectChecks(
  checks: readonly Check[],
  only: string[] | undefined,
  level: 'must' | 'should' | 'may' | undefined,
  levelOfCheck: (c: Check) => Level,
): Check[] {
  if (level !== undefined && !(level in MIN_LEVEL))
    throw new UsageError(`level must be must, should or may (got ${String(level)})`);
  const prefixes = (only ?? []).map((p) => p.trim()).filter(Boolean);
  const picked = checks.filter(
    (c) =>
      (prefixes.length === 0 || prefixes.some((p) => matchesPrefix(c, p))) &&
      (level === undefined || atLeast(levelOfCheck(c), MIN_LEVEL[level])),
  );
  if (picked.length === 0) {
    throw new UsageError(
      `no check matches${prefixes.length ? ` --only ${prefixes.join(', ')}` : ''}${level ? ` at level ${level} or stronger` : ''}; run "aip-conformance list" to see check and requirement ids`,
    );
  }
  return picked;
}
