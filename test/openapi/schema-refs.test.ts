/**
 * The OpenAPI document and the published schemas fit together: every `$ref` resolves, every wire
 * schema is part of the described HTTP surface, and the SSE item covers the event catalogue.
 * Each test lists every violation at once.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EVENT_NAMES, WIRE_SCHEMAS, type WireSchemaName } from '../../src/protocol/index.ts';
import { BUNDLE_FILE, titleOf } from '../../src/validate/index.ts';
import { collect, deref, doc, pointer } from './document-walk.ts';

const BUNDLE_REF = `../schemas/${BUNDLE_FILE}#/$defs/`;
const bundle = JSON.parse(readFileSync(new URL(`../../schemas/${BUNDLE_FILE}`, import.meta.url), 'utf8')) as {
  $defs: Record<string, unknown>;
};
const refs = collect(doc, '$ref').map(({ at, value }) => ({ at, ref: String(value) }));
const bundleRefs = refs.filter((r) => r.ref.startsWith(BUNDLE_REF));
const referenced = new Set(bundleRefs.map((r) => r.ref.slice(BUNDLE_REF.length)));

describe('$refs of spec/openapi.yaml', () => {
  it('point only into the document itself or at a whole definition of the schema bundle, and all resolve', () => {
    const wrong = refs.flatMap(({ at, ref }) => {
      if (ref.startsWith('#/'))
        return pointer(doc, ref.slice(1)) === undefined ? [`${at}: ${ref} does not resolve`] : [];
      if (!ref.startsWith(BUNDLE_REF)) return [`${at}: ${ref} points elsewhere`];
      return ref.slice(BUNDLE_REF.length) in bundle.$defs ? [] : [`${at}: ${ref} names no definition`];
    });
    expect(wrong).toEqual([]);
    expect(bundleRefs.length).toBeGreaterThan(0);
  });
});

describe('wire schemas on the HTTP surface', () => {
  it('every wire schema is referenced, or reached from a referenced definition', () => {
    const reached = new Set<string>();
    const visit = (title: string) => {
      if (reached.has(title)) return;
      reached.add(title);
      for (const { value } of collect(bundle.$defs[title], '$ref')) visit(String(value).slice('#/$defs/'.length));
    };
    for (const title of referenced) visit(title);
    const unreached = (Object.keys(WIRE_SCHEMAS) as WireSchemaName[]).filter((name) => !reached.has(titleOf(name)));
    expect(unreached).toEqual([]);
  });

  it('every request and response body is a direct $ref to its published schema', () => {
    const bodies: WireSchemaName[] = [
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
    expect(bodies.filter((stem) => !referenced.has(titleOf(stem)))).toEqual([]);
  });
});

describe('the SSE item schema (components.schemas.SseEvent)', () => {
  const item = deref(pointer(doc, '/components/schemas/SseEvent'));
  const variants = (item.oneOf as Record<string, unknown>[]).map(
    (v) => pointer(v, '/properties') as Record<string, Record<string, unknown>>,
  );

  it('has a variant per catalogue event whose data is its payload schema, one for x- extensions, and no other', () => {
    const wrong = EVENT_NAMES.flatMap((name) => {
      const variant = variants.find((v) => v.event?.const === name);
      if (!variant) return [`no variant for ${name}`];
      const expected = `${BUNDLE_REF}${titleOf(`event-${name.replaceAll('_', '-')}` as WireSchemaName)}`;
      const actual = pointer(variant, '/data/contentSchema/$ref');
      return actual === expected ? [] : [`${name}: data is ${String(actual)}, not ${expected}`];
    });
    expect(wrong).toEqual([]);
    expect(variants.filter((v) => v.event?.const === undefined).map((v) => v.event?.pattern)).toEqual(['^x-']);
    expect(variants.length).toBe(EVENT_NAMES.length + 1);
  });

  it('is the itemSchema of every text/event-stream response', () => {
    const streams = collect(doc, 'text/event-stream').map(({ value }) => value as Record<string, unknown>);
    expect(streams.length).toBeGreaterThan(0);
    expect(
      streams.filter((media) => (media.itemSchema as { $ref?: string })?.$ref !== '#/components/schemas/SseEvent'),
    ).toEqual([]);
  });
});
