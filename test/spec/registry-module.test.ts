import { describe, expect, it } from 'vitest';
import { REQUIREMENTS, REQUIREMENT_ID_PATTERN, requirement } from '../../src/requirements/index.ts';

describe('requirements module', () => {
  it('loads the registry in document order with valid ids', () => {
    expect(REQUIREMENTS.length).toBeGreaterThan(0);
    for (const r of REQUIREMENTS) expect(r.id).toMatch(REQUIREMENT_ID_PATTERN);
  });

  it('finds a requirement by id', () => {
    const first = REQUIREMENTS[0]!;
    expect(requirement(first.id)).toEqual(first);
  });

  it.each(['AIP-EVT-999', 'aip-evt-001', 'AIP-FOO-001', ''])('throws a TypeError naming unknown id %j', (id) => {
    expect(() => requirement(id)).toThrow(TypeError);
    expect(() => requirement(id)).toThrow(`"${id}"`);
  });

  it('cannot be mutated by callers', () => {
    expect(Object.isFrozen(REQUIREMENTS)).toBe(true);
    expect(Object.isFrozen(REQUIREMENTS[0])).toBe(true);
  });
});
