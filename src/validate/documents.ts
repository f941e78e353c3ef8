/**
 * The JSON Schema documents published in schemas/, derived from the TypeBox definitions.
 *
 * A definition that carries `$id` (set with `published()` in src/protocol/common.ts) is one
 * named schema: it is emitted once, as `schemas/<stem>.json`, and wherever another definition
 * contains it, the published form has `{"$ref": "<stem>.json"}` instead of a copy. The refs are
 * relative, so they resolve both against the `$id` (validators that register every file) and
 * against the file's location on disk (generators that read files). The bundle holds the same
 * definitions under `$defs`, each `$ref` rewritten to `#/$defs/<title>`, for tools that follow
 * no cross-file reference.
 */
import { isDeepStrictEqual } from 'node:util';
import { AIP_VERSION, SCHEMA_BASE, WIRE_SCHEMAS, type WireSchemaName } from '../protocol/index.ts';

type Json = Record<string, unknown>;

const DRAFT = 'https://json-schema.org/draft/2020-12/schema';
export const BUNDLE_FILE = `aip-${AIP_VERSION}.bundle.json`;

/** The published `$id` of a schema file stem. */
export function schemaIdOf(stem: string): string {
  return `${SCHEMA_BASE}/${stem}.json`;
}

function stemOf(id: string): string {
  if (!id.startsWith(`${SCHEMA_BASE}/`) || !id.endsWith('.json')) throw new Error(`$id outside ${SCHEMA_BASE}: ${id}`);
  return id.slice(SCHEMA_BASE.length + 1, -'.json'.length);
}

function isJson(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Plain JSON of a TypeBox schema (its symbol-keyed members dropped). */
function plain(schema: unknown): Json {
  return JSON.parse(JSON.stringify(schema)) as Json;
}

/** Replaces every nested schema with a `$id` by `refFor(stem)`, leaving the root's own `$id` alone. */
function hoist(node: unknown, refFor: (stem: string) => string, root = true): unknown {
  if (Array.isArray(node)) return node.map((item) => hoist(item, refFor, false));
  if (!isJson(node)) return node;
  if (!root && typeof node.$id === 'string') return { $ref: refFor(stemOf(node.$id)) };
  return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, hoist(v, refFor, false)]));
}

/** Every named definition reachable from the wire objects, by stem, as plain JSON with `$id` and `title`. */
function collectDefinitions(): Map<string, Json> {
  const found = new Map<string, Json>();
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) {
      for (const item of node) visit(item);
      return;
    }
    if (!isJson(node)) return;
    if (typeof node.$id === 'string') {
      const stem = stemOf(node.$id);
      const seen = found.get(stem);
      if (seen && !isDeepStrictEqual(seen, node))
        throw new Error(`${node.$id} is used in two different shapes; give the variant its own $id`);
      if (typeof node.title !== 'string') throw new Error(`${node.$id} has no title`);
      found.set(stem, node);
    }
    for (const value of Object.values(node)) visit(value);
  };
  for (const [name, schema] of Object.entries(WIRE_SCHEMAS)) {
    const json = plain(schema);
    if (json.$id !== schemaIdOf(name)) throw new Error(`WIRE_SCHEMAS["${name}"] must carry $id ${schemaIdOf(name)}`);
    visit(json);
  }
  const titles = new Map<string, string>();
  for (const [stem, def] of found) {
    const other = titles.get(String(def.title));
    if (other) throw new Error(`Title ${String(def.title)} names both ${other} and ${stem}`);
    titles.set(String(def.title), stem);
  }
  return new Map([...found].sort(([a], [b]) => a.localeCompare(b)));
}

let definitions: Map<string, Json> | undefined;

/** Stems of every published definition: the wire objects and the shared definitions they contain. */
export function publishedStems(): string[] {
  definitions ??= collectDefinitions();
  return [...definitions.keys()];
}

function definition(stem: string): Json {
  definitions ??= collectDefinitions();
  const def = definitions.get(stem);
  if (!def) throw new TypeError(`No published schema named "${stem}"`);
  return def;
}

/** `schemas/<stem>.json` exactly as published: named definitions it contains are relative `$ref`s. */
export function publishedDocument(stem: string): Json {
  const { $id, title, ...body } = hoist(definition(stem), (s) => `${s}.json`) as Json;
  return { $schema: DRAFT, $id, title, ...body };
}

/** The title of a published definition (its name in generated code and in the bundle's `$defs`). */
export function titleOf(stem: string): string {
  return String(definition(stem).title);
}

/**
 * A wire object as one self-contained schema with nothing referenced: every definition inlined
 * (nested `$id`s dropped). For code that walks a schema by JSON Pointer; validators use the
 * published documents.
 */
export function jsonSchemaDocument(name: WireSchemaName): Json {
  const { $id, title, ...body } = definition(name);
  const strip = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(strip);
    if (!isJson(node)) return node;
    return Object.fromEntries(Object.entries(node).flatMap(([k, v]) => (k === '$id' ? [] : [[k, strip(v)]])));
  };
  return { $schema: DRAFT, $id, title, ...(strip(body) as Json) };
}

/** `schemas/aip-<version>.bundle.json`: every published definition under `$defs`, referenced locally. */
export function bundleDocument(): Json {
  const $defs: Json = {};
  for (const stem of publishedStems()) {
    const { $id: _id, ...body } = hoist(definition(stem), (s) => `#/$defs/${titleOf(s)}`) as Json;
    $defs[titleOf(stem)] = body;
  }
  return {
    $schema: DRAFT,
    $id: `${SCHEMA_BASE}/${BUNDLE_FILE}`,
    title: 'AipSchemas',
    description:
      'Every AIP wire object and shared definition under `$defs`, referenced locally, for tools that follow no cross-file `$ref`. The same definitions are published one per file beside this bundle.',
    $defs,
  };
}
