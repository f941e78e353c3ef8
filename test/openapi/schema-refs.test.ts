/**
 * The OpenAPI document and the published schemas fit together: every `$ref` resolves, every wire
 * schema is part of the described HTTP surface, and the SSE item covers the event catalogue.
 */
import { existsSync, readFileSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import { describe, expect, it } from 'vitest';
import { EVENT_NAMES, WIRE_SCHEMAS, type WireSchemaName } from '../../src/protocol/index.ts';
import { collect, deref, doc, pointer } from './document-walk.ts';

const SCHEMAS_DIR = new URL('../../schemas/', import.meta.url);
const refs = collect(doc, '$ref').map(({ at, value }) => ({ at, ref: String(value) }));
const fileRefs = refs.filter((r) => r.ref.startsWith('../schemas/'));

function schemaFile(stem: string): unknown {
  return JSON.parse(readFileSync(new URL(`${stem}.json`, SCHEMAS_DIR), 'utf8'));
}

function stemOf(ref: string): string {
  return ref
    .slice('../schemas/'.length)
    .split('#')[0]!
    .replace(/\.json$/, '');
}

/** True when `needle` occurs as a subschema anywhere inside `haystack`. */
function embeds(haystack: unknown, needle: unknown): boolean {
  if (isDeepStrictEqual(haystack, needle)) return true;
  if (Array.isArray(haystack)) return haystack.some((h) => embeds(h, needle));
  if (typeof haystack === 'object' && haystack !== null) return Object.values(haystack).some((h) => embeds(h, needle));
  return false;
}

describe('$refs of spec/openapi.yaml', () => {
  it('point only into the document itself or into ../schemas/', () => {
    expect(refs.filter((r) => !r.ref.startsWith('#/') && !r.ref.startsWith('../schemas/'))).toEqual([]);
    expect(fileRefs.length).toBeGreaterThan(0);
  });

  it.each(fileRefs)('$ref $ref (at $at) names an existing file and location', ({ ref }) => {
    const [file, fragment = ''] = ref.slice('../schemas/'.length).split('#');
    expect(existsSync(new URL(file!, SCHEMAS_DIR))).toBe(true);
    expect(pointer(JSON.parse(readFileSync(new URL(file!, SCHEMAS_DIR), 'utf8')), fragment)).toBeDefined();
  });

  it('local references all resolve', () => {
    const unresolved = refs.filter((r) => r.ref.startsWith('#/') && pointer(doc, r.ref.slice(1)) === undefined);
    expect(unresolved).toEqual([]);
  });
});

describe('wire schemas on the HTTP surface', () => {
  const referenced = new Set(fileRefs.map((r) => stemOf(r.ref)));

  it.each(Object.keys(WIRE_SCHEMAS) as WireSchemaName[])(
    '%s is referenced, or embedded in a referenced schema',
    (name) => {
      if (referenced.has(name)) return;
      const body = JSON.parse(JSON.stringify(WIRE_SCHEMAS[name])) as unknown;
      const hosts = [...referenced].filter((stem) => embeds(schemaFile(stem), body));
      expect(
        hosts,
        `${name} is neither referenced by spec/openapi.yaml nor part of a schema it references`,
      ).not.toEqual([]);
    },
  );

  it('every request and response body is a direct $ref to its published schema', () => {
    const bodies = [
      'hub-invoke-request',
      'portable-invoke-request',
      'invoke-response',
      'error-envelope',
      'create-session-request',
      'fork-session-request',
      'session-response',
      'session-list-response',
      'create-block-request',
      'block-response',
      'block-list-response',
      'agent-list-response',
      'platform-manifest-document',
      'agent-manifest-document',
      'stream-event',
    ];
    expect(bodies.filter((stem) => !referenced.has(stem))).toEqual([]);
  });
});

describe('the SSE item schema (components.schemas.SseEvent)', () => {
  const item = deref(pointer(doc, '/components/schemas/SseEvent'));
  const variants = (item.oneOf as Record<string, unknown>[]).map(
    (v) => pointer(v, '/properties') as Record<string, Record<string, unknown>>,
  );

  it.each(EVENT_NAMES)('has a variant for "%s" whose data is described by its payload schema', (name) => {
    const variant = variants.find((v) => v.event?.const === name);
    expect(variant, `no itemSchema variant for ${name}`).toBeDefined();
    expect(pointer(variant, '/data/contentSchema/$ref')).toBe(`../schemas/event-${name.replaceAll('_', '-')}.json`);
  });

  it('admits extension events (names starting with x-) and nothing else beyond the catalogue', () => {
    const open = variants.filter((v) => v.event?.const === undefined);
    expect(open.map((v) => v.event?.pattern)).toEqual(['^x-']);
    expect(variants.length).toBe(EVENT_NAMES.length + 1);
  });

  it('is the itemSchema of every text/event-stream response', () => {
    const streams = collect(doc, 'text/event-stream').map(({ value }) => value as Record<string, unknown>);
    expect(streams.length).toBeGreaterThan(0);
    for (const media of streams) expect(media.itemSchema).toEqual({ $ref: '#/components/schemas/SseEvent' });
  });
});
