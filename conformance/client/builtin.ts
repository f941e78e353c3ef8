/**
 * The command of the kit's own driver (drivers/aip-kit.ts, which uses `aip-kit/client`).
 * Compiled, it is a .js file run by the current node. From TypeScript sources it is bundled once
 * per process with esbuild (a dependency of tsx) into a temporary .mjs, since starting tsx in
 * every driver process costs about a second of CPU each; without esbuild it falls back to tsx.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
const HERE = fileURLToPath(new URL('.', import.meta.url));

let bundled: Promise<string> | undefined;
let bundleDir: string | undefined;

async function bundle(source: string): Promise<string> {
  const esbuild = (await import('esbuild')) as typeof import('esbuild');
  bundleDir = mkdtempSync(join(tmpdir(), 'aip-conformance-driver-'));
  const outfile = join(bundleDir, 'aip-kit-driver.mjs');
  await esbuild.build({
    entryPoints: [source],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outfile,
    logLevel: 'silent',
    // Bundled CommonJS dependencies (ajv) call require(); give the ES module one.
    banner: {
      js: "import { createRequire as __aipRequire } from 'node:module'; const require = __aipRequire(import.meta.url);",
    },
  });
  process.once('exit', () => rmSync(bundleDir!, { recursive: true, force: true }));
  return outfile;
}

/** The shell command that runs the kit's driver for `aip-kit/client`. */
export async function builtInDriverCommand(): Promise<string> {
  const node = quote(process.execPath);
  const compiled = join(HERE, 'drivers', 'aip-kit.js');
  if (existsSync(compiled)) return `${node} ${quote(compiled)}`;
  const source = join(HERE, 'drivers', 'aip-kit.ts');
  bundled ??= bundle(source).catch(() => '');
  const file = await bundled;
  return file ? `${node} ${quote(file)}` : `${node} --import tsx ${quote(source)}`;
}
