/**
 * Third-party code generators run on the published artifacts as a user would run them:
 * json-schema-to-typescript and quicktype (TypeScript target) on schemas/aip-0.1.0.bundle.json,
 * openapi-typescript on the OpenAPI 3.1 twin (its output is src/generated/openapi.ts).
 */
import ts from 'typescript';
import { compile } from 'json-schema-to-typescript';
import { FetchingJSONSchemaStore, InputData, JSONSchemaInput, quicktype } from 'quicktype-core';
import type { Json } from './published-schemas.ts';

/** json-schema-to-typescript, every `$defs` entry emitted; closed interfaces keep the types readable. */
export async function generateJstt(bundle: Json): Promise<string> {
  return compile(bundle, 'AipSchemas', {
    unreachableDefinitions: true,
    additionalProperties: false,
    bannerComment: '',
    format: false,
  });
}

/** The name of the root type quicktype needs in order to see every definition in one graph. */
export const QUICKTYPE_ROOT = 'AipSchemas';

/**
 * quicktype (TypeScript, with its runtime-checking `Convert`). quicktype names types per source,
 * so every definition is reached from one root whose properties are named after them; one source
 * per definition would give duplicates (`CompleteDataUsage` beside `Usage`).
 */
export async function generateQuicktype(bundle: Json): Promise<string> {
  const defs = bundle.$defs as Json;
  const { $id: _id, ...rest } = bundle;
  const root = {
    ...rest,
    type: 'object',
    properties: Object.fromEntries(Object.keys(defs).map((title) => [title, { $ref: `#/$defs/${title}` }])),
  };
  const input = new JSONSchemaInput(new FetchingJSONSchemaStore());
  await input.addSource({ name: QUICKTYPE_ROOT, schema: JSON.stringify(root) });
  const inputData = new InputData();
  inputData.addInput(input);
  const result = await quicktype({
    inputData,
    lang: 'typescript',
    rendererOptions: KEEP_ACRONYMS,
  });
  return result.lines.join('\n');
}

// Names as the schemas spell them (DevUrlData); quicktype's default would write DevURLData.
const KEEP_ACRONYMS: Record<string, string> = { 'acronym-style': 'original' };

/** Names of the top-level types a generated TypeScript module declares, in order. */
export function declaredTypes(source: string): string[] {
  return [...source.matchAll(/^export (?:interface|type|enum|class) (\w+)/gm)].map((m) => m[1]!);
}

/** Names a generator invents when one definition reaches it twice: `Usage1`, `PurpleUsage`, `FluffyError`. */
export function inventedNames(names: string[]): string[] {
  const repeated = names.filter((n, i) => names.indexOf(n) !== i);
  const invented = names.filter((n) =>
    /^(?:Purple|Fluffy|Tentacled|Sticky|Indigo|Indecent|Hilarious|Ambitious|Cunning|Magenta)[A-Z]|\D\d+$/.test(n),
  );
  return [...new Set([...repeated, ...invented])];
}

/** Type errors of TypeScript files under `strict`, as "file:line message" lines. */
export function strictErrors(files: string[]): string[] {
  const program = ts.createProgram(files, {
    strict: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    allowImportingTsExtensions: true,
    skipLibCheck: true,
    types: [],
  });
  return ts.getPreEmitDiagnostics(program).map((d) => {
    const where = d.file ? `${d.file.fileName}:${d.file.getLineAndCharacterOfPosition(d.start ?? 0).line + 1}` : '';
    return `${where} ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
  });
}

/** Plain JavaScript of a generated TypeScript module, to load and run it. */
export function toJavaScript(source: string): string {
  return ts.transpileModule(source, {
    compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext },
  }).outputText;
}
