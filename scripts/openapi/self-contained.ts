/**
 * Makes an OpenAPI document self-contained: each `$ref` into the schema bundle
 * (`../schemas/aip-<version>.bundle.json#/$defs/<Title>`) becomes `#/components/schemas/<Title>`,
 * and every definition so reached is copied into `components.schemas` under its title, with its
 * own references rewritten the same way. Definitions nothing reaches are left out, so none is an
 * unused component. A component that was only a `$ref` to the same definition is replaced by it.
 */
import { BUNDLE_FILE } from '../../src/validate/index.ts';
import { isRecord, type OpenApiDocument } from './document.ts';

const FROM_DOCUMENT = `../schemas/${BUNDLE_FILE}#/$defs/`;
const FROM_BUNDLE = '#/$defs/';
const TO = '#/components/schemas/';

export function selfContained(source: OpenApiDocument, bundle: Record<string, unknown>): OpenApiDocument {
  const defs = isRecord(bundle.$defs) ? bundle.$defs : {};
  const wanted: string[] = [];

  const rewrite = (node: unknown, prefix: string): unknown => {
    if (Array.isArray(node)) return node.map((item) => rewrite(item, prefix));
    if (!isRecord(node)) return node;
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(node)) {
      if (key === '$ref' && typeof value === 'string' && value.startsWith(prefix)) {
        const title = value.slice(prefix.length);
        if (title.includes('/')) throw new Error(`${value}: point at a whole definition, not into one`);
        if (!(title in defs)) throw new Error(`${value}: no such definition in ${BUNDLE_FILE}`);
        wanted.push(title);
        out[key] = TO + title;
      } else out[key] = rewrite(value, prefix);
    }
    return out;
  };

  const rewritten = rewrite(source, FROM_DOCUMENT) as OpenApiDocument;
  const rewrittenSchemas = (isRecord(rewritten.components) ? rewritten.components.schemas : {}) as Record<
    string,
    unknown
  >;
  for (const [name, schema] of Object.entries(rewrittenSchemas)) {
    if (isRecord(schema) && schema.$ref === TO + name && Object.keys(schema).length === 1)
      delete rewrittenSchemas[name];
  }
  const added: Record<string, unknown> = {};
  while (wanted.length > 0) {
    const title = wanted.pop()!;
    if (title in added) continue;
    if (title in rewrittenSchemas) throw new Error(`components.schemas.${title} clashes with a bundle definition`);
    added[title] = rewrite(defs[title], FROM_BUNDLE);
  }
  const sorted = Object.fromEntries(
    Object.keys(added)
      .sort()
      .map((k) => [k, added[k]]),
  );
  (rewritten.components as Record<string, unknown>).schemas = { ...rewrittenSchemas, ...sorted };
  return rewritten;
}
