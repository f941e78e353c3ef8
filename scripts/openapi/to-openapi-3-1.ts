/**
 * Derives the OpenAPI 3.1 view of the 3.2 document for tools that read only 3.1
 * (openapi-typescript 7). See the ADR at the top of spec/openapi.yaml: exactly three things change.
 *  1. `openapi: 3.2.x` becomes `3.1.0`.
 *  2. A media type's `itemSchema` moves to the registered pre-3.2 extension `x-oai-itemSchema`;
 *     the body itself is then text, so the media type gets `schema: {type: string}`.
 *  3. An Example's `serializedValue` (3.2) becomes its `value`.
 * Anything else 3.2-only fails loudly instead of being passed on silently.
 */
import { isRecord, type OpenApiDocument } from './document.ts';

const OPERATION_KEYS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

export function toOpenApi31(source: OpenApiDocument): OpenApiDocument {
  if (!/^3\.2\.\d+$/.test(source.openapi)) throw new Error(`Expected an OpenAPI 3.2 document, got ${source.openapi}`);
  const doc = structuredClone(source);
  doc.openapi = '3.1.0';
  for (const mediaType of mediaTypeObjects(doc)) convertMediaType(mediaType);
  const components = isRecord(doc.components) ? doc.components : {};
  for (const example of values(components.examples)) convertExample(example);
  const leftover = find32Keywords(doc, '#');
  if (leftover) throw new Error(`OpenAPI 3.2 keyword left in the 3.1 view at ${leftover}; teach toOpenApi31 about it`);
  return doc;
}

function* mediaTypeObjects(doc: OpenApiDocument): Generator<Record<string, unknown>> {
  const components = isRecord(doc.components) ? doc.components : {};
  const holders: Record<string, unknown>[] = [...values(components.responses), ...values(components.requestBodies)];
  for (const pathItem of values(doc.paths)) {
    for (const key of OPERATION_KEYS) {
      const operation = pathItem[key];
      if (!isRecord(operation)) continue;
      if (isRecord(operation.requestBody)) holders.push(operation.requestBody);
      holders.push(...values(operation.responses));
    }
  }
  for (const holder of holders) yield* values(holder.content);
}

function convertMediaType(mediaType: Record<string, unknown>): void {
  for (const example of values(mediaType.examples)) convertExample(example);
  if (!('itemSchema' in mediaType)) return;
  if ('schema' in mediaType)
    throw new Error('A media type with both `schema` and `itemSchema` has no faithful 3.1 form');
  mediaType['x-oai-itemSchema'] = mediaType.itemSchema;
  delete mediaType.itemSchema;
  mediaType.schema = { type: 'string' };
}

function convertExample(example: Record<string, unknown>): void {
  if (!('serializedValue' in example)) return;
  example.value = example.serializedValue;
  delete example.serializedValue;
}

/** JSON Pointer of the first `itemSchema`, `serializedValue` or `dataValue` key, if any remains. */
function find32Keywords(node: unknown, pointer: string): string | undefined {
  if (Array.isArray(node)) {
    for (const [i, item] of node.entries()) {
      const hit = find32Keywords(item, `${pointer}/${i}`);
      if (hit) return hit;
    }
    return undefined;
  }
  if (!isRecord(node)) return undefined;
  for (const [key, value] of Object.entries(node)) {
    const here = `${pointer}/${key.replaceAll('~', '~0').replaceAll('/', '~1')}`;
    if (key === 'itemSchema' || key === 'serializedValue' || key === 'dataValue') return here;
    const hit = find32Keywords(value, here);
    if (hit) return hit;
  }
  return undefined;
}

function values(map: unknown): Record<string, unknown>[] {
  return isRecord(map) ? Object.values(map).filter(isRecord) : [];
}
