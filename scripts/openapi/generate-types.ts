/**
 * Generates the TypeScript types of the HTTP surface (src/generated/openapi.ts) from the 3.1
 * twin of spec/openapi.yaml with openapi-typescript's Node API. One code path for writing and checking:
 * the result is a string; the CLI decides what to do with it.
 */
import openapiTS, { astToString, type OpenAPI3 } from 'openapi-typescript';
import { openApi31Twin, TWIN_URL } from './twin.ts';

const HEADER = `/**
 * Types of the AIP 0.1.0 HTTP surface, generated from spec/openapi-3.1.yaml (the 3.1 twin of
 * spec/openapi.yaml) by openapi-typescript.
 * Do not edit. Regenerate with: npx tsx scripts/build-types.ts
 */

`;

export const GENERATED_TYPES_URL = new URL('../../src/generated/openapi.ts', import.meta.url);

export async function generateTypes(): Promise<string> {
  // The twin is parsed YAML, checked by openapi-typescript's own validation, hence the cast.
  const ast = await openapiTS(openApi31Twin() as unknown as OpenAPI3, {
    cwd: TWIN_URL,
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
