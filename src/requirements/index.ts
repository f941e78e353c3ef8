import data from './registry.json' with { type: 'json' };
import type { Requirement } from './spec-format.ts';

export { REQUIREMENT_ID_PATTERN, AREAS, type Area, type Level, type Requirement } from './spec-format.ts';

/** Every requirement of spec/aip-0.1.0.md, in document order (generated; see scripts/build-requirements.ts). */
export const REQUIREMENTS: readonly Requirement[] = Object.freeze(
  (data as Requirement[]).map((r) => Object.freeze({ ...r })),
);

const byId = new Map(REQUIREMENTS.map((r) => [r.id, r]));

/** The requirement with this id; a TypeError names an id the spec does not declare. */
export function requirement(id: string): Requirement {
  const found = byId.get(id);
  if (!found) throw new TypeError(`Unknown requirement id "${id}": spec/aip-0.1.0.md declares no such tag`);
  return found;
}
