/**
 * The published schemas and examples read as a third party reads them: from disk, without
 * TypeBox. Shared by the schema tests and the generator round-trip.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { AIP_VERSION } from '../../src/protocol/index.ts';
import { readSimpleProfile } from '../spec/stream-laws.ts';

const addFormats = addFormatsModule.default;

export const SCHEMAS_DIR = fileURLToPath(new URL('../../schemas/', import.meta.url));
export const EXAMPLES_DIR = fileURLToPath(new URL('../../spec/examples/', import.meta.url));
export const BUNDLE = `aip-${AIP_VERSION}.bundle.json`;
/** Published beside the protocol schemas but not part of the protocol (the conformance report). */
export const NOT_PROTOCOL = new Set(['conformance-report.json', BUNDLE]);

export type Json = Record<string, unknown>;

export function readJson(path: string): Json {
  return JSON.parse(readFileSync(path, 'utf8')) as Json;
}

/** Every protocol schema file, by file name. */
export function protocolSchemaFiles(): Map<string, Json> {
  const names = readdirSync(SCHEMAS_DIR).filter((f) => f.endsWith('.json') && !NOT_PROTOCOL.has(f));
  return new Map(names.sort().map((f) => [f, readJson(join(SCHEMAS_DIR, f))]));
}

export function freshAjv(): Ajv2020 {
  const ajv = new Ajv2020({ strict: true, allErrors: true });
  addFormats(ajv);
  return ajv;
}

export interface Example {
  /** Path under spec/examples/. */
  where: string;
  /** The schema file stem it is an instance of. */
  stem: string;
  value: unknown;
  valid: boolean;
}

function jsonExamples(root: string, valid: boolean, stems: Set<string>): Example[] {
  if (!existsSync(root)) return [];
  return readdirSync(root)
    .filter((d) => stems.has(d))
    .sort()
    .flatMap((stem) =>
      readdirSync(join(root, stem))
        .filter((f) => f.endsWith('.json'))
        .sort()
        .map((f) => ({
          where: `${valid ? '' : 'invalid/'}${stem}/${f}`,
          stem,
          value: JSON.parse(readFileSync(join(root, stem, f), 'utf8')) as unknown,
          valid,
        })),
    );
}

/** Every event of the valid example streams, as the `{event, data}` pair a `stream-event` describes. */
function streamExamples(): Example[] {
  const dir = join(EXAMPLES_DIR, 'streams');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.sse'))
    .sort()
    .flatMap((f) =>
      readSimpleProfile(readFileSync(join(dir, f), 'utf8')).map((e, i) => ({
        where: `streams/${f} event ${i} (${e.name})`,
        stem: 'stream-event',
        value: { event: e.name, data: e.data },
        valid: true,
      })),
    );
}

/** Every example of spec/examples/: JSON files (valid and invalid) and each event of the valid streams. */
export function allExamples(stems: Set<string>): Example[] {
  return [
    ...jsonExamples(EXAMPLES_DIR, true, stems),
    ...jsonExamples(join(EXAMPLES_DIR, 'invalid'), false, stems),
    ...streamExamples(),
  ];
}

/** Every `$ref` in a schema, with the JSON Pointer of the object holding it. */
export function refsOf(node: unknown, at = ''): { at: string; ref: string }[] {
  if (Array.isArray(node)) return node.flatMap((item, i) => refsOf(item, `${at}/${i}`));
  if (typeof node !== 'object' || node === null) return [];
  const own = typeof (node as Json).$ref === 'string' ? [{ at, ref: String((node as Json).$ref) }] : [];
  return own.concat(Object.entries(node).flatMap(([k, v]) => refsOf(v, `${at}/${k}`)));
}
