import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { countTokens } from '../../../reference-server/storage/tokens.ts';

const cases = JSON.parse(readFileSync(new URL('./fixtures/token-counts.json', import.meta.url), 'utf8')) as Array<{
  why: string;
  content: unknown;
  expected: number;
}>;

describe('countTokens', () => {
  it.each(cases)('$why', ({ content, expected }) => {
    expect(countTokens(content)).toBe(expected);
  });
});
