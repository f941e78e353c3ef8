import { Ajv2020, type ErrorObject as AjvError, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import type { WireSchemaName } from '../protocol/index.ts';
import { publishedDocument, publishedStems, schemaIdOf } from './documents.ts';

export {
  BUNDLE_FILE,
  bundleDocument,
  jsonSchemaDocument,
  publishedDocument,
  publishedStems,
  schemaIdOf,
  titleOf,
} from './documents.ts';

const addFormats = addFormatsModule.default;

/** One schema violation, with a JSON Pointer to where it is. */
export interface Violation {
  /** JSON Pointer (RFC 6901) of the offending member; "" for the root. */
  pointer: string;
  message: string;
  keyword: string;
}

export type ValidationResult = { ok: true } | { ok: false; violations: Violation[] };

/** The published `$id` of a wire schema. */
export function schemaId(name: WireSchemaName): string {
  return schemaIdOf(name);
}

let ajv: Ajv2020 | undefined;
const compiled = new Map<WireSchemaName, ValidateFunction>();

/** A strict 2020-12 Ajv with formats, loaded with every published schema. Compiled once per process. */
export function sharedAjv(): Ajv2020 {
  if (!ajv) {
    ajv = new Ajv2020({ strict: true, allErrors: true, strictRequired: false });
    addFormats(ajv);
    for (const stem of publishedStems()) ajv.addSchema(publishedDocument(stem));
  }
  return ajv;
}

export function validator(name: WireSchemaName): ValidateFunction {
  let fn = compiled.get(name);
  if (!fn) {
    fn = sharedAjv().getSchema(schemaId(name));
    if (!fn) throw new TypeError(`No wire schema named "${name}"`);
    compiled.set(name, fn);
  }
  return fn;
}

/** Validates `value` against the named wire schema and reports every violation. */
export function validate(name: WireSchemaName, value: unknown): ValidationResult {
  const fn = validator(name);
  if (fn(value)) return { ok: true };
  return { ok: false, violations: toViolations(fn.errors ?? []) };
}

function toViolations(errors: AjvError[]): Violation[] {
  return errors.map((e) => {
    let pointer = e.instancePath;
    if (e.keyword === 'required') pointer += `/${String((e.params as { missingProperty: string }).missingProperty)}`;
    return { pointer, message: e.message ?? e.keyword, keyword: e.keyword };
  });
}

/** One line naming the first violation, for error messages. */
export function describeViolations(violations: Violation[]): string {
  const first = violations[0];
  if (!first) return 'valid';
  const where = first.pointer === '' ? 'the body' : `\`${first.pointer}\``;
  const more = violations.length > 1 ? ` (and ${violations.length - 1} more)` : '';
  return `${where} ${first.message}${more}`;
}
