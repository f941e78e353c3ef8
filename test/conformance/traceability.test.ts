/**
 * Traceability between the registry and the checks: every check cites real requirements, and
 * every MUST requirement is either checked (by a server check or a client scenario) or listed in
 * conformance/untested.json with a reason.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { REQUIREMENTS } from '../../src/requirements/index.ts';
import { CHECKS, clientScenarios, SECTION_TITLES } from '../../conformance/index.ts';

const untested = (
  JSON.parse(readFileSync(new URL('../../conformance/untested.json', import.meta.url), 'utf8')) as {
    requirements: Record<string, string>;
  }
).requirements;
const known = new Set(REQUIREMENTS.map((r) => r.id));
const cited = new Set([...CHECKS.flatMap((c) => c.requirements), ...clientScenarios().flatMap((s) => s.requirements)]);

describe('traceability', () => {
  it('every check cites at least one requirement, and only ids the registry declares', () => {
    expect(CHECKS.filter((c) => c.requirements.length === 0).map((c) => c.id)).toEqual([]);
    expect(
      CHECKS.flatMap((c) => c.requirements.filter((id) => !known.has(id)).map((id) => `${c.id} cites ${id}`)),
    ).toEqual([]);
  });

  it('every MUST requirement has a check or a reason in untested.json', () => {
    const orphans = REQUIREMENTS.filter((r) => r.level === 'MUST' && !cited.has(r.id) && !untested[r.id]).map(
      (r) => `${r.id}: ${r.text}`,
    );
    expect(orphans).toEqual([]);
  });

  it('untested.json names only real, unchecked requirements, each with a one-line reason', () => {
    for (const [id, reason] of Object.entries(untested)) {
      expect(known.has(id), `${id} is not in the registry`).toBe(true);
      expect(cited.has(id), `${id} is listed as untested but a check cites it`).toBe(false);
      expect(reason.trim().length).toBeGreaterThan(10);
      expect(reason).not.toMatch(/\n/);
    }
  });

  it('check ids are unique, stable-looking slugs, and checks sit in known sections in spec order', () => {
    const ids = CHECKS.map((c) => c.id);
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
    for (const id of ids) expect(id).toMatch(/^[a-z]+\.[a-z0-9.-]+$/);
    const sections = CHECKS.map((c) => Number(c.section));
    expect(sections).toEqual([...sections].sort((a, b) => a - b));
    for (const c of CHECKS) expect(SECTION_TITLES[c.section], c.id).toBeDefined();
  });
});
