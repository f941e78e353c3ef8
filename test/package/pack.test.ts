/**
 * The package as a user gets it: build, `npm pack`, install the tarball offline into a scratch project, then use
 * it from there with plain Node (import and require), a strict TypeScript consumer, and the bins.
 */
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installScratch, ROOT, type Ran, run } from './_scratch.ts';

const CONSUMER = join(import.meta.dirname, 'consumer');
const TSC = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');

interface PackResult {
  filename: string;
  size: number;
  entryCount: number;
  files: Array<{ path: string }>;
}

let scratch: string;
let packed: PackResult;
let paths: string[];
let installed: string;

const node = (args: string[]) => run(process.execPath, args, scratch);
/** As the README has it; `--no` forbids a download, `--` keeps npm from reading the bin's options as its own. */
const npx = (args: string[]) => run('npx', ['--no', '--', ...args], scratch);
const ok = (r: Ran) => expect(r, `exit ${r.code}\n${r.stdout}\n${r.stderr}`).toMatchObject({ code: 0 });

beforeAll(async () => {
  scratch = mkdtempSync(join(tmpdir(), 'aip-kit-pack-'));
  ok(await run(process.execPath, [TSC, '-p', 'tsconfig.build.json'], ROOT));
  const pack = await run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', scratch], ROOT);
  ok(pack);
  packed = (JSON.parse(pack.stdout) as PackResult[])[0]!;
  paths = packed.files.map((f) => f.path).sort();
  const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as Record<string, unknown>;
  ok(await installScratch(scratch, packed.filename, manifest));
  installed = join(scratch, 'node_modules', 'aip-kit');
  for (const f of readdirSync(CONSUMER)) copyFileSync(join(CONSUMER, f), join(scratch, f));
}, 300_000);

afterAll(() => {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

describe('the tarball', () => {
  it('holds the build, schemas, spec, bins, README and LICENSE, and no tests, benches, scripts or CI files', () => {
    const leaked = paths.filter(
      (p) =>
        /^(test|bench|scripts|\.ci|node_modules|out|reports)\//.test(p) ||
        /^(tsconfig.*\.json|vitest\.config\.ts|biome\.json|redocly\.yaml|package-lock\.json)$/.test(p) ||
        p.endsWith('.tsbuildinfo'),
    );
    expect(leaked).toEqual([]);
    for (const p of ['LICENSE', 'README.md', 'package.json', 'bin/aip-conformance.js', 'bin/aip-server.js'])
      expect(paths).toContain(p);
    for (const p of ['spec/aip-0.1.0.md', 'spec/openapi.yaml']) expect(paths).toContain(p);
    expect(paths.some((p) => p.startsWith('spec/examples/'))).toBe(true);
    const schemas = readdirSync(join(ROOT, 'schemas')).filter((f) => f.endsWith('.json'));
    expect(paths.filter((p) => /^schemas\/[^/]+\.json$/.test(p))).toEqual(schemas.map((f) => `schemas/${f}`).sort());
  });

  it('has every file its exports and bins name, and every source a map points at', () => {
    const manifest = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8')) as {
      exports: Record<string, string | Record<string, string>>;
      bin: Record<string, string>;
    };
    const targets = Object.values(manifest.exports)
      .flatMap((t) => (typeof t === 'string' ? [t] : [t.types!, t.default!]))
      .filter((t) => !t.includes('*'));
    for (const bin of Object.values(manifest.bin)) targets.push(bin);
    for (const t of targets) expect(paths, t).toContain(t.replace(/^\.\//, ''));
    const maps = paths.filter((p) => p.endsWith('.map'));
    expect(maps.length).toBeGreaterThan(0);
    const dangling: string[] = [];
    for (const m of maps) {
      const { sources } = JSON.parse(readFileSync(join(installed, m), 'utf8')) as { sources: string[] };
      for (const s of sources) if (!existsSync(join(installed, m, '..', s))) dangling.push(`${m} → ${s}`);
    }
    expect(dangling).toEqual([]);
  });
});

describe('used from a scratch project', () => {
  it('imports every entry under plain Node and runs the README client snippet against the packaged server', async () => {
    const r = await node(['smoke.mjs']);
    ok(r);
    expect(r.stdout).toMatch(/entries: ok\nsse: ok\nclient against server: ok/);
    expect(r.stderr).toBe('');
  });

  it('require()s every code entry', async () => {
    const r = await node(['require.cjs']);
    ok(r);
    expect(r.stdout).toContain('require: ok');
  });

  // Both module resolutions, DOM lib on and off, the strictest options; the last row also checks the .d.ts themselves.
  const consumers: Array<[string, Record<string, unknown>]> = [
    ['nodenext, no DOM', { module: 'nodenext', moduleResolution: 'nodenext', lib: ['ES2022'] }],
    ['nodenext, DOM', { module: 'nodenext', moduleResolution: 'nodenext', lib: ['ES2022', 'DOM'] }],
    ['bundler, no DOM', { module: 'esnext', moduleResolution: 'bundler', lib: ['ES2022'] }],
    ['bundler, DOM', { module: 'esnext', moduleResolution: 'bundler', lib: ['ES2022', 'DOM'] }],
    [
      'nodenext, declarations checked too',
      { module: 'nodenext', moduleResolution: 'nodenext', lib: ['ES2022'], skipLibCheck: false },
    ],
  ];
  it('compiles a strict TypeScript consumer: nodenext and bundler, DOM lib on and off', async () => {
    const runs = consumers.map(([name, options], i) => {
      const config = {
        compilerOptions: {
          target: 'ES2022',
          strict: true,
          exactOptionalPropertyTypes: true,
          noUncheckedIndexedAccess: true,
          skipLibCheck: true,
          noEmit: true,
          types: ['node'],
          typeRoots: [join(ROOT, 'node_modules', '@types')],
          ...options,
        },
        files: ['consumer.ts'],
      };
      writeFileSync(join(scratch, `tsconfig.${i}.json`), JSON.stringify(config));
      return node([TSC, '-p', `tsconfig.${i}.json`]).then((r) => [name, r] as const);
    });
    for (const [name, r] of await Promise.all(runs)) {
      expect(r.stdout + r.stderr, name).toBe('');
      expect(r.code, name).toBe(0);
    }
  }, 180_000);

  it('runs the bins: --version, and a short self-test through the packaged server', async () => {
    const version = await npx(['aip-conformance', '--version']);
    ok(version);
    expect(version.stdout.trim()).toBe(
      `aip-kit ${JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8')).version}`,
    );
    const self = await npx(['aip-conformance', '--only', 'AIP-EVT-001', '--only', 'manifest.', '--json', 'r.json']);
    ok(self);
    const report = JSON.parse(readFileSync(join(scratch, 'r.json'), 'utf8')) as { results: Array<{ verdict: string }> };
    expect(report.results.length).toBeGreaterThan(1);
    expect(report.results.filter((r) => r.verdict !== 'pass' && r.verdict !== 'not_applicable')).toEqual([]);
    const server = await npx(['aip-server', '--help']);
    ok(server);
    expect(server.stdout).toContain('Usage: aip-server');
  }, 60_000);
});
