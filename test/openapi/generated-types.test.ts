/**
 * The generated types are current (drift), and the type-level agreement proof in
 * generated-types-agree.test-d.ts passes against them and fails against corrupted copies.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { GENERATED_TYPES_URL, generateTypes } from '../../scripts/openapi/generate-types.ts';

const GENERATED = fileURLToPath(GENERATED_TYPES_URL);
const PROOF = fileURLToPath(new URL('./generated-types-agree.test-d.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Corruptions of the generated file, each of which the proof must reject. */
const CORRUPTIONS = [
  {
    name: 'a renamed request member',
    component: 'HubInvokeRequest: {',
    from: 'saveToSession?: boolean;',
    to: 'saveToSessionRenamed?: boolean;',
    mentions: 'saveToSessionRenamed',
  },
  {
    name: 'a renamed event payload member',
    component: 'StartData: {',
    from: 'invocationId: components["schemas"]["InvocationId"];',
    to: 'invocationIdRenamed: components["schemas"]["InvocationId"];',
    mentions: 'invocationIdRenamed',
  },
  {
    name: 'a defaulted member made required',
    component: 'HubInvokeRequest: {',
    from: 'stream?: boolean;',
    to: 'stream: boolean;',
    mentions: 'stream',
  },
  {
    name: 'a wrong error envelope',
    component: 'ErrorObject: {',
    from: 'code: string;',
    to: 'code: number;',
    mentions: 'code',
  },
];

function corrupt(source: string, c: (typeof CORRUPTIONS)[number]): string {
  const start = source.indexOf(c.component);
  const at = start < 0 ? -1 : source.indexOf(c.from, start);
  if (at < 0) throw new Error(`Cannot apply "${c.name}": the generated file changed shape; update CORRUPTIONS`);
  return source.slice(0, at) + c.to + source.slice(at + c.from.length);
}

const compilerOptions = (() => {
  const config = ts.readConfigFile(join(ROOT, 'tsconfig.json'), ts.sys.readFile);
  return ts.parseJsonConfigFileContent(config.config, ts.sys, ROOT).options;
})();
const sourceCache = new Map<string, ts.SourceFile>();

/** Type errors of the proof file when the generated types have the given text. */
function proofErrors(generatedText: string): string[] {
  const host = ts.createCompilerHost(compilerOptions);
  const getSourceFile = host.getSourceFile.bind(host);
  host.readFile = (file) => (file === GENERATED ? generatedText : ts.sys.readFile(file));
  host.getSourceFile = (file, language, ...rest) => {
    if (file === GENERATED) return ts.createSourceFile(file, generatedText, language);
    let cached = sourceCache.get(file);
    if (!cached) {
      cached = getSourceFile(file, language, ...rest);
      if (cached) sourceCache.set(file, cached);
    }
    return cached;
  };
  const program = ts.createProgram([PROOF], compilerOptions, host);
  return ts
    .getPreEmitDiagnostics(program)
    .map(
      (d) =>
        `${d.file ? d.file.fileName.slice(dirname(ROOT).length) : ''}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`,
    );
}

describe('src/generated/openapi.ts', () => {
  it('is what scripts/build-types.ts generates from spec/openapi.yaml (Run: npx tsx scripts/build-types.ts)', async () => {
    expect(await generateTypes()).toBe(readFileSync(GENERATED, 'utf8'));
  });

  it('agrees with the TypeBox static types (the type-level proof compiles)', () => {
    expect(proofErrors(readFileSync(GENERATED, 'utf8'))).toEqual([]);
  });

  it.each(CORRUPTIONS)('the type-level proof rejects $name', (c) => {
    const errors = proofErrors(corrupt(readFileSync(GENERATED, 'utf8'), c));
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.every((e) => e.includes('generated-types-agree.test-d.ts'))).toBe(true);
    expect(errors.join('\n')).toContain(c.mentions);
  });
});
