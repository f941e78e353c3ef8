/**
 * Baseline of known failures, the adoption path for targets that do not conform yet.
 *
 * File format (either):
 *   - a JSON array of check ids: `["stream.first-event-is-start", "errors.envelope-shape"]`
 *   - plain text, one check id per line; blank lines and lines starting with `#` are ignored.
 *
 * A listed check that still fails keeps its verdict but is marked `baselined` and does not fail
 * the run. A listed check that now passes (or no longer exists, or no longer applies) is STALE
 * and fails the run, so the list can only shrink.
 */
import { readFileSync } from 'node:fs';
import type { CheckResult } from '../report/schema.ts';
import { UsageError } from '../types.ts';
import { FAILING_VERDICTS } from './severity.ts';

export function parseBaseline(text: string): string[] {
  const trimmed = text.trim();
  if (trimmed.startsWith('[')) {
    const parsed: unknown = JSON.parse(trimmed);
    if (!Array.isArray(parsed) || !parsed.every((x) => typeof x === 'string')) {
      throw new TypeError('a JSON baseline must be an array of check id strings');
    }
    return parsed.map((s) => s.trim()).filter(Boolean);
  }
  return trimmed
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
}

/** Reads and parses `--baseline FILE`; what goes wrong is a usage error naming the file. */
export function readBaselineFile(file: string): string[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new UsageError(`cannot read --baseline ${file}: ${(err as Error).message}`);
  }
  try {
    return parseBaseline(text);
  } catch (err) {
    throw new UsageError(`--baseline ${file}: ${(err as Error).message}`);
  }
}

export interface BaselineOutcome {
  listed: string[];
  matched: string[];
  stale: string[];
}

/**
 * Marks baselined results in place. `knownIds` are all check ids of the kit; `selected` are the
 * ids this run selected (entries for checks filtered out by --only/--level are neither matched nor stale).
 */
export function applyBaseline(
  results: CheckResult[],
  listed: string[],
  knownIds: ReadonlySet<string>,
  selected: ReadonlySet<string>,
): BaselineOutcome {
  const byId = new Map(results.map((r) => [r.id, r]));
  const matched: string[] = [];
  const stale: string[] = [];
  for (const id of new Set(listed)) {
    if (!knownIds.has(id)) {
      stale.push(id);
      continue;
    }
    if (!selected.has(id)) continue;
    const r = byId.get(id);
    if (r && FAILING_VERDICTS.includes(r.verdict)) {
      r.baselined = true;
      matched.push(id);
    } else stale.push(id);
  }
  return { listed: [...new Set(listed)], matched, stale };
}
