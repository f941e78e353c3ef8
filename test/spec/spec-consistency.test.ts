import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  decisionMismatches,
  errorCatalogueMismatches,
  eventCatalogueMismatches,
  exampleBlockMismatches,
  fieldTableMismatches,
  sectionMapMismatches,
} from './spec-consistency.ts';
import { specText } from './spec-file.ts';

const CHECKS = {
  errors: errorCatalogueMismatches,
  events: eventCatalogueMismatches,
  fields: fieldTableMismatches,
  examples: exampleBlockMismatches,
  sections: sectionMapMismatches,
  decisions: (markdown: string) => decisionMismatches(markdown),
} as const;

interface Mutation {
  check: keyof typeof CHECKS;
  name: string;
  find: string;
  replace: string;
}

const mutations = JSON.parse(
  readFileSync(join(import.meta.dirname, 'fixtures', 'spec-mutations.json'), 'utf8'),
) as Mutation[];
const spec = specText();

describe('the spec agrees with the code', () => {
  it.each(Object.entries(CHECKS))('%s', (_name, check) => {
    expect(check(spec)).toEqual([]);
  });

  it('covers every check with at least one mutation', () => {
    expect(new Set(mutations.map((m) => m.check))).toEqual(new Set(Object.keys(CHECKS)));
  });
});

describe('the consistency checks catch a broken spec', () => {
  it.each(mutations.map((m) => [m.name, m] as const))('%s', (_name, m) => {
    expect(spec.includes(m.find), `mutation target present: ${m.find}`).toBe(true);
    expect(CHECKS[m.check](spec.replace(m.find, m.replace))).not.toEqual([]);
  });
});
