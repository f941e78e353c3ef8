/**
 * Requirements without a check, with the reason each has none (conformance/untested.json). Every
 * report lists them, so a green run never reads as "every requirement was tested".
 */
import { REQUIREMENTS } from '../../src/requirements/index.ts';
import untested from '../untested.json' with { type: 'json' };
import { scenarios } from '../client/scenarios.ts';
import type { NotCovered } from '../report/schema.ts';
import type { Check } from '../types.ts';

const REASONS = (untested as { requirements: Record<string, string> }).requirements;

export const NO_REASON = 'No check yet, and conformance/untested.json records no reason.';

export const CLIENT_MODE_REASON =
  'A rule for clients and receivers: a server run cannot show it; `aip-conformance client` tests it.';

export function notCovered(catalogue: readonly Pick<Check, 'requirements'>[]): NotCovered[] {
  const cited = new Set(catalogue.flatMap((c) => c.requirements));
  const clientSide = new Set(scenarios().flatMap((s) => s.requirements));
  return REQUIREMENTS.filter((r) => !cited.has(r.id)).map((r) => ({
    id: r.id,
    level: r.level,
    section: r.section,
    reason: REASONS[r.id] ?? (clientSide.has(r.id) ? CLIENT_MODE_REASON : NO_REASON),
  }));
}
