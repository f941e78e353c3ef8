import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  keywordLevels,
  parseSpec,
  type Level,
  type ProblemKind,
  type Requirement,
} from '../../src/requirements/spec-format.ts';
import { specText } from './spec-file.ts';

interface TaggingCase {
  name: string;
  markdown: string;
  problems: ProblemKind[];
  requirements?: Requirement[];
  levels?: Level[];
}

const cases = JSON.parse(
  readFileSync(join(import.meta.dirname, 'fixtures', 'tagging-cases.json'), 'utf8'),
) as TaggingCase[];

describe('the spec obeys the tagging rules', () => {
  const parsed = parseSpec(specText());

  it('has no untagged keyword, unknown or duplicate id, missing or mixed level, or lowercase keyword', () => {
    expect(parsed.problems.map((p) => `line ${p.line}: ${p.kind}: ${p.message}`)).toEqual([]);
  });

  it('declares requirements in every normative area', () => {
    const areas = new Set(parsed.requirements.map((r) => r.id.split('-')[1]));
    expect([...areas].sort()).toEqual([
      'AGT',
      'AUTH',
      'BLK',
      'CONF',
      'CTX',
      'ERR',
      'EVT',
      'EXT',
      'HTTP',
      'INV',
      'MAN',
      'PORT',
      'RCV',
      'SEC',
      'SES',
      'STR',
      'VER',
    ]);
  });

  it('gives every requirement the level of the one keyword level it contains', () => {
    for (const r of parsed.requirements) expect(keywordLevels(r.text), r.id).toEqual([r.level]);
  });
});

describe('the tagging rules catch bad text', () => {
  it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const result = parseSpec(c.markdown);
    expect(result.problems.map((p) => p.kind)).toEqual(c.problems);
    if (c.requirements) expect(result.requirements).toEqual(c.requirements);
    if (c.levels) expect(result.requirements.map((r) => r.level)).toEqual(c.levels);
  });
});
