/**
 * Generates the TypeScript types of the HTTP surface (src/generated/openapi.ts) from
 * spec/openapi.yaml with openapi-typescript's Node API. One code path for writing and checking:
 * the result is a string; the CLI decides what to do with it.
 */
import openapiTS, { astToString, type OpenAPI3 } from 'openapi-typescript';
import { loadOpenApi, OPENAPI_URL } from './document.ts';
import { toOpenApi31 } from './to-openapi-3-1.ts';

const HEADER = `/**
 * Types of the AIP 0.1.0 HTTP surface, generated from spec/openapi.yaml by openapi-typescript.
 * Do not edit. Regenerate with: npx tsx scripts/build-types.ts
 */

`;

export const GENERATED_TYPES_URL = new URL('../../src/generated/openapi.ts', import.meta.url);

export async function generateTypes(): Promise<string> {
  // The 3.1 view is parsed YAML, checked by openapi-typescript's own validation, hence the cast.
  const ast = await openapiTS(toOpenApi31(loadOpenApi()) as unknown as OpenAPI3, {
    // Relative $refs (../schemas/*.json) resolve against the YAML file's own location.
    cwd: OPENAPI_URL,
    // A member with a `default` may be omitted on the wire (the receiver applies the default), so it
    // stays optional; openapi-typescript's own default would make it required.
    defaultNonNullable: false,
    // `{"type": "object"}` without properties accepts any object (AIP objects are open, spec §16);
    // render it as Record<string, unknown>, not Record<string, never>.
    emptyObjectsUnknown: true,
    silent: true,
  });
  return HEADER + astToString(ast);
}
