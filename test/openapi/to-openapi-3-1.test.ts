/** The 3.2 → 3.1 derivation used for openapi-typescript (cases in fixtures/to-openapi-3-1.json). */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { OpenApiDocument } from '../../scripts/openapi/document.ts';
import { toOpenApi31 } from '../../scripts/openapi/to-openapi-3-1.ts';
import { openApi31Twin, TWIN_URL, twinText } from '../../scripts/openapi/twin.ts';
import { collect, doc } from './document-walk.ts';

interface Case {
  name: string;
  input: OpenApiDocument;
  output?: OpenApiDocument;
  error?: string;
}

const cases = JSON.parse(readFileSync(new URL('./fixtures/to-openapi-3-1.json', import.meta.url), 'utf8')) as Case[];

describe('toOpenApi31', () => {
  it.each(cases)('$name', ({ input, output, error }) => {
    const before = structuredClone(input);
    if (error !== undefined) expect(() => toOpenApi31(input)).toThrow(error);
    else expect(toOpenApi31(input)).toEqual(output);
    expect(input, 'the input document must not be modified').toEqual(before);
  });

  it('turns spec/openapi.yaml into a 3.1 document without 3.2-only keywords', () => {
    const derived = toOpenApi31(doc);
    expect(derived.openapi).toBe('3.1.0');
    expect(collect(derived, 'itemSchema')).toEqual([]);
    expect(collect(derived, 'serializedValue')).toEqual([]);
    expect(collect(derived, 'x-oai-itemSchema').length).toBe(collect(doc, 'itemSchema').length);
  });
});

describe('spec/openapi-3.1.yaml, the committed 3.1 twin', () => {
  it('is what scripts/build-openapi.ts writes (Run: npm run build:openapi)', () => {
    expect(readFileSync(TWIN_URL, 'utf8')).toBe(twinText());
  });

  it('is self-contained: every $ref is local and resolves, and every definition it names is a component', () => {
    const twin = openApi31Twin();
    const refs = collect(twin, '$ref').map(({ value }) => String(value));
    expect(refs.filter((r) => !r.startsWith('#/'))).toEqual([]);
    const schemas = (twin.components as { schemas: Record<string, unknown> }).schemas;
    const missing = refs
      .filter((r) => r.startsWith('#/components/schemas/'))
      .filter((r) => !(r.slice('#/components/schemas/'.length) in schemas));
    expect(missing).toEqual([]);
  });
});
