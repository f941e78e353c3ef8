import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { SCHEMA_BASE, WIRE_SCHEMAS } from '../../src/index.ts';

const addFormats = addFormatsModule.default;
const dir = join(import.meta.dirname, '..', '..', 'schemas');
const files = readdirSync(dir).filter((f) => f.endsWith('.json'));

// The published files are read as a third party would read them: from disk, with a fresh Ajv,
// without TypeBox. This proves the artifact works on its own, not just the in-process objects.
describe('published JSON Schemas', () => {
  it('publishes one file per wire object', () => {
    for (const name of Object.keys(WIRE_SCHEMAS)) expect(files).toContain(`${name}.json`);
  });

  it.each(files)('%s is a valid, strictly compilable 2020-12 schema with a stable $id', (file) => {
    const doc = JSON.parse(readFileSync(join(dir, file), 'utf8')) as Record<string, unknown>;
    expect(doc.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(doc.$id).toBe(`${SCHEMA_BASE}/${file}`);
    const ajv = new Ajv2020({ strict: true, allErrors: true });
    addFormats(ajv);
    expect(ajv.validateSchema(doc), JSON.stringify(ajv.errors)).toBe(true);
    expect(() => ajv.compile(doc)).not.toThrow();
  });
});
