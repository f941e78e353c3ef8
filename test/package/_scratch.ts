/**
 * A scratch consumer project for the packed tarball, installed offline. npm resolves a bare dependency through the
 * registry's metadata, which `npm ci` never caches; a lockfile lists resolved tarballs by integrity, which it does.
 * So the scratch lockfile is the repository's own, cut to the packages it does not mark dev: exactly what aip-kit
 * needs at run time, no more — an import of a dev-only package from dist/ fails here as it would for a user.
 */
import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const ROOT = new URL('../..', import.meta.url).pathname.replace(/\/$/, '');

export interface Ran {
  code: number;
  stdout: string;
  stderr: string;
}

/** npm passes its own run's settings down as npm_package_* and npm_lifecycle_*; a nested npm must not see them. */
function childEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (!/^npm_(package|lifecycle)_|^INIT_CWD$/.test(k)) env[k] = v;
  }
  return { ...env, NO_COLOR: '1', ...extra };
}

export function run(file: string, args: string[], cwd: string, extra: Record<string, string> = {}): Promise<Ran> {
  return new Promise((resolve) => {
    execFile(
      file,
      args,
      { cwd, env: childEnv(extra), timeout: 180_000, maxBuffer: 64 * 1024 * 1024 },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : -1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

interface LockEntry {
  dev?: boolean;
  link?: boolean;
  [field: string]: unknown;
}

/** The scratch project's package.json and lockfile, depending on the tarball `tarball` (a file name in `dir`). */
export function scratchProject(tarball: string, manifest: Record<string, unknown>) {
  const repoLock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as {
    packages: Record<string, LockEntry>;
  };
  const spec = `file:${tarball}`;
  const packages: Record<string, unknown> = {
    '': { name: 'scratch', dependencies: { 'aip-kit': spec } },
    'node_modules/aip-kit': {
      version: manifest.version,
      resolved: spec,
      license: manifest.license,
      dependencies: manifest.dependencies,
      optionalDependencies: manifest.optionalDependencies,
      bin: manifest.bin,
      engines: manifest.engines,
    },
  };
  for (const [path, entry] of Object.entries(repoLock.packages)) {
    if (path === '' || path === 'node_modules/aip-kit' || entry.dev || entry.link) continue;
    packages[path] = entry;
  }
  const packageJson = { name: 'scratch', private: true, type: 'module', dependencies: { 'aip-kit': spec } };
  const lock = { name: 'scratch', lockfileVersion: 3, requires: true, packages };
  return { packageJson, lock };
}

/** Writes the project and installs it without the network and without install scripts. */
export async function installScratch(dir: string, tarball: string, manifest: Record<string, unknown>): Promise<Ran> {
  const { packageJson, lock } = scratchProject(tarball, manifest);
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify(packageJson, null, 2)}\n`);
  writeFileSync(join(dir, 'package-lock.json'), `${JSON.stringify(lock, null, 2)}\n`);
  const ran = await run('npm', ['ci', '--offline', '--ignore-scripts', '--no-audit', '--no-fund'], dir);
  if (ran.code === 0) reuseNativeBuild(dir);
  return ran;
}

/**
 * better-sqlite3 compiles for a minute and more; the repository's own build for this Node is just as good, so the
 * scratch copy (installed with --ignore-scripts) gets its binary. Without one (no native build here) nothing is copied.
 */
function reuseNativeBuild(dir: string): void {
  const binary = join('node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node');
  const from = join(ROOT, binary);
  if (!existsSync(from) || !existsSync(join(dir, 'node_modules', 'better-sqlite3'))) return;
  mkdirSync(join(dir, binary, '..'), { recursive: true });
  copyFileSync(from, join(dir, binary));
}
