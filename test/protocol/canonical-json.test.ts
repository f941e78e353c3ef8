import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { canonicalJson, manifestHash } from '../../src/index.ts';

interface Case {
  name: string;
  input: unknown;
  canonical: string;
}
const cases = JSON.parse(
  readFileSync(join(import.meta.dirname, '..', 'fixtures', 'canonical-json', 'cases.json'), 'utf8'),
) as Case[];

describe('canonicalJson (RFC 8785)', () => {
  it.each(cases)('$name', ({ input, canonical }) => {
    expect(canonicalJson(input)).toBe(canonical);
  });
});

describe('manifestHash', () => {
  const agent = { id: 'echo', name: 'Echo', version: '1.0.0', stream: true, capabilities: { b: true, a: false } };

  it('hashes the canonical form without manifest_hash', () => {
    const expected = createHash('sha256').update(canonicalJson(agent)).digest('hex');
    expect(manifestHash(agent)).toBe(`sha256:${expected}`);
    expect(manifestHash({ ...agent, manifest_hash: 'sha256:whatever' })).toBe(`sha256:${expected}`);
  });

  it('does not depend on member order but does on content', () => {
    const reordered = { stream: true, capabilities: { a: false, b: true }, version: '1.0.0', name: 'Echo', id: 'echo' };
    expect(manifestHash(reordered)).toBe(manifestHash(agent));
    expect(manifestHash({ ...agent, version: '1.0.1' })).not.toBe(manifestHash(agent));
  });
});
