import type { TSchema } from '@sinclair/typebox';

type Schema = TSchema & {
  type?: string;
  properties?: Record<string, Schema>;
  patternProperties?: Record<string, Schema>;
  items?: Schema;
  anyOf?: Schema[];
  const?: unknown;
};

/**
 * Drops the object members a schema does not declare, recursively. Receivers MUST ignore
 * members they do not know (forward compatibility); dropping them makes the typed value hold
 * exactly what its static type says, so two framings of the same stream compare equal.
 * Objects declared without properties (`input`, `details`) are open maps and kept whole, as is
 * anything under `Type.Unknown`. Call it only on values that already passed validation.
 */
export function stripUnknownMembers(schema: TSchema, value: unknown): unknown {
  return clean(schema as Schema, value);
}

function clean(schema: Schema, value: unknown): unknown {
  if (schema.anyOf) {
    const variant = pickVariant(schema.anyOf, value);
    return variant ? clean(variant, value) : value;
  }
  if (Array.isArray(value))
    return schema.type === 'array' && schema.items ? value.map((v) => clean(schema.items!, v)) : value;
  if (!isObject(value) || schema.type !== 'object') return value;
  const declared = schema.properties ?? {};
  if (Object.keys(declared).length > 0) {
    const out: Record<string, unknown> = {};
    for (const [key, sub] of Object.entries(declared)) if (Object.hasOwn(value, key)) out[key] = clean(sub, value[key]);
    return out;
  }
  const patterns = Object.values(schema.patternProperties ?? {});
  if (patterns.length === 1)
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, clean(patterns[0]!, v)]));
  return value;
}

/** The single variant a value can belong to, judged by JSON type and literal members; else undefined. */
function pickVariant(variants: Schema[], value: unknown): Schema | undefined {
  const type =
    value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value === 'number' ? 'number' : typeof value;
  const candidates = variants.filter((v) => {
    if (v.type !== undefined && v.type !== type && !(v.type === 'integer' && type === 'number')) return false;
    if (!isObject(value) || !v.properties) return true;
    return Object.entries(v.properties).every(([k, sub]) => !('const' in sub) || value[k] === sub.const);
  });
  return candidates.length === 1 ? candidates[0] : undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
