/**
 * The published JSON Schemas, read from disk with a fresh Ajv and without TypeBox: every file
 * is a strict 2020-12 schema, references resolve between files, the bundle stands alone, and
 * files, bundle and examples agree. Each test lists every violation at once.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SCHEMA_BASE, WIRE_SCHEMAS } from '../../src/index.ts';
import { publishedStems } from '../../src/validate/index.ts';
import {
  allExamples,
  BUNDLE,
  freshAjv,
  type Json,
  protocolSchemaFiles,
  readJson,
  refsOf,
  SCHEMAS_DIR,
} from './published-schemas.ts';

const files = protocolSchemaFiles();
const bundle = readJson(join(SCHEMAS_DIR, BUNDLE));
const defs = bundle.$defs as Record<string, Json>;
const examples = allExamples(new Set([...files.keys()].map((f) => f.replace(/\.json$/, ''))));

/** An Ajv loaded with every file, as a validator that follows cross-file references does it. */
function filesAjv() {
  const ajv = freshAjv();
  for (const doc of files.values()) ajv.addSchema(doc);
  return ajv;
}

describe('published JSON Schemas', () => {
  it('are one file per wire object and per shared definition, each with $schema, its $id and a title', () => {
    expect([...files.keys()].sort()).toEqual(
      publishedStems()
        .map((s) => `${s}.json`)
        .sort(),
    );
    const missing = Object.keys(WIRE_SCHEMAS).filter((name) => !files.has(`${name}.json`));
    const bad = [...files].flatMap(([file, doc]) => {
      const found: string[] = [];
      if (doc.$schema !== 'https://json-schema.org/draft/2020-12/schema') found.push(`${file}: $schema`);
      if (doc.$id !== `${SCHEMA_BASE}/${file}`) found.push(`${file}: $id ${String(doc.$id)}`);
      if (typeof doc.title !== 'string' || !/^[A-Z][A-Za-z]+$/.test(doc.title)) found.push(`${file}: title`);
      return found;
    });
    expect({ missing, bad }).toEqual({ missing: [], bad: [] });
  });

  it('refer to each other only by relative file name, and every reference names a published file', () => {
    const broken = [...files].flatMap(([file, doc]) =>
      refsOf(doc)
        .filter(({ ref }) => !files.has(ref))
        .map(({ at, ref }) => `${file}${at}: ${ref}`),
    );
    expect(broken).toEqual([]);
  });

  it('compile strictly together (a fresh Ajv 2020 with every file loaded)', () => {
    const ajv = filesAjv();
    const failures = [...files.keys()].flatMap((file) => {
      try {
        ajv.getSchema(`${SCHEMA_BASE}/${file}`);
        return [];
      } catch (e) {
        return [`${file}: ${(e as Error).message}`];
      }
    });
    expect(failures).toEqual([]);
  });

  it('have unique titles, so that generated code has one type per definition', () => {
    const titles = [...files.values()].map((d) => String(d.title));
    expect(titles.filter((t, i) => titles.indexOf(t) !== i)).toEqual([]);
  });
});

describe(`schemas/${BUNDLE}`, () => {
  it('holds every published definition under $defs by title, and nothing refers outside it', () => {
    expect(Object.keys(defs).sort()).toEqual([...files.values()].map((d) => String(d.title)).sort());
    const outside = refsOf(bundle).filter(
      ({ ref }) => !ref.startsWith('#/$defs/') || !(ref.slice('#/$defs/'.length) in defs),
    );
    expect(outside).toEqual([]);
    expect(refsOf(bundle).length).toBeGreaterThan(0);
  });

  it('compiles on its own, with no other schema loaded', () => {
    const ajv = freshAjv();
    expect(ajv.validateSchema(bundle), JSON.stringify(ajv.errors)).toBe(true);
    ajv.addSchema(bundle);
    const failures = Object.keys(defs).flatMap((title) => {
      try {
        ajv.getSchema(`${String(bundle.$id)}#/$defs/${title}`);
        return [];
      } catch (e) {
        return [`${title}: ${(e as Error).message}`];
      }
    });
    expect(failures).toEqual([]);
  });
});

describe('files, bundle and spec/examples agree', () => {
  it('every example (valid, invalid and each event of the example streams) gets the expected verdict from both', () => {
    const separate = filesAjv();
    const whole = freshAjv();
    whole.addSchema(bundle);
    expect(examples.length).toBeGreaterThan(60);
    const wrong = examples.flatMap(({ where, stem, value, valid }) => {
      const title = String(files.get(`${stem}.json`)!.title);
      const byFile = separate.validate(`${SCHEMA_BASE}/${stem}.json`, value);
      const byBundle = whole.validate(`${String(bundle.$id)}#/$defs/${title}`, value);
      return byFile === valid && byBundle === valid ? [] : [`${where}: file says ${byFile}, bundle says ${byBundle}`];
    });
    expect(wrong).toEqual([]);
  });

  it('stream-event stays open: extension events with any data pass, unknown non-extension names do not', () => {
    const ajv = filesAjv();
    const verdict = (value: unknown) => ajv.validate(`${SCHEMA_BASE}/stream-event.json`, value);
    const cases: [unknown, boolean][] = [
      [{ event: 'x-progress', data: { percent: 50 } }, true],
      [{ event: 'x-vendor.metric', data: [1, 2] }, true],
      [{ event: 'x-ping', data: null }, true],
      [{ event: 'x-ping' }, false],
      [{ event: 'progress', data: {} }, false],
      [{ event: 'text_delta', data: { content: 'hi', extra: true } }, true],
      [{ event: 'text_delta', data: { content: 1 } }, false],
    ];
    expect(cases.filter(([value, ok]) => verdict(value) !== ok).map(([value]) => value)).toEqual([]);
  });
});
