import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { manifestHash, WIRE_SCHEMAS, type WireSchemaName } from '../../src/protocol/index.ts';
import { validate } from '../../src/validate/index.ts';
import { EXAMPLES_DIR } from './spec-file.ts';
import { readSimpleProfile, violatedRequirements } from './stream-laws.ts';

const STEMS = new Set(Object.keys(WIRE_SCHEMAS));

function files(dir: string, ext: string): string[] {
  return existsSync(dir)
    ? readdirSync(dir)
        .filter((f) => f.endsWith(ext))
        .sort()
    : [];
}

function jsonCases(root: string): Array<[string, WireSchemaName, unknown]> {
  return readdirSync(root)
    .filter((d) => STEMS.has(d))
    .flatMap((stem) =>
      files(join(root, stem), '.json').map(
        (f) =>
          [`${stem}/${f}`, stem as WireSchemaName, JSON.parse(readFileSync(join(root, stem, f), 'utf8'))] as [
            string,
            WireSchemaName,
            unknown,
          ],
      ),
    );
}

const valid = jsonCases(EXAMPLES_DIR);
const invalid = jsonCases(join(EXAMPLES_DIR, 'invalid'));

describe('spec/examples layout', () => {
  it('holds only schema-stem folders, streams/ and invalid/', () => {
    const allowed = (d: string) => STEMS.has(d) || d === 'streams' || d === 'invalid';
    expect(readdirSync(EXAMPLES_DIR).filter((d) => !allowed(d))).toEqual([]);
    expect(readdirSync(join(EXAMPLES_DIR, 'invalid')).filter((d) => !allowed(d) || d === 'invalid')).toEqual([]);
  });

  it('has examples for the seed objects and at least one invalid case per request schema', () => {
    for (const stem of [
      'hub-invoke-request',
      'portable-invoke-request',
      'invoke-response',
      'agent-manifest-document',
      'platform-manifest-document',
      'create-block-request',
      'create-session-request',
      'error-envelope',
    ]) {
      expect(
        valid.some(([, s]) => s === stem),
        stem,
      ).toBe(true);
    }
    for (const stem of [
      'hub-invoke-request',
      'portable-invoke-request',
      'create-block-request',
      'create-session-request',
    ]) {
      expect(
        invalid.some(([, s]) => s === stem),
        stem,
      ).toBe(true);
    }
  });
});

describe('valid examples validate against their wire schema', () => {
  it.each(valid)('%s', (_file, stem, value) => {
    const result = validate(stem, value);
    expect(result.ok ? [] : result.violations).toEqual([]);
  });
});

describe('invalid examples fail their wire schema', () => {
  it.each(invalid)('%s', (_file, stem, value) => {
    expect(validate(stem, value).ok).toBe(false);
  });
});

describe('manifest examples carry the right manifest_hash', () => {
  const manifests = valid.filter(
    ([, stem]) => stem === 'agent-manifest-document' || stem === 'platform-manifest-document',
  );
  it.each(manifests)('%s', (_file, _stem, doc) => {
    const d = doc as { agent?: Record<string, unknown>; agents?: Array<Record<string, unknown>> };
    for (const agent of d.agents ?? [d.agent!]) expect(agent.manifest_hash).toBe(manifestHash(agent));
  });
});

describe('example streams', () => {
  const dir = join(EXAMPLES_DIR, 'streams');
  it.each(files(dir, '.sse'))('streams/%s obeys every law', (f) => {
    expect(violatedRequirements(readSimpleProfile(readFileSync(join(dir, f), 'utf8')))).toEqual([]);
  });

  const badDir = join(EXAMPLES_DIR, 'invalid', 'streams');
  it.each(files(badDir, '.sse'))('invalid/streams/%s breaks the requirement it names', (f) => {
    const text = readFileSync(join(badDir, f), 'utf8');
    const expected = /^: expect (AIP-[A-Z]+-\d{3})\n/.exec(text)?.[1];
    expect(expected, 'first line names the violated requirement').toBeDefined();
    expect(violatedRequirements(readSimpleProfile(text))).toContain(expected);
  });
});
