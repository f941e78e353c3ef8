import { readFileSync, readdirSync, statSync, existsSync } from 'node:fs';
import { join, relative, resolve, dirname } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '..');

/**
 * The dependency rule: src/ is the shared core and imports neither product; the reference server
 * and the conformance runner never import each other, so a bug in one cannot hide itself in the
 * other. The runner reaches the server only through the package's public entry `aip-kit/server`.
 */
const FORBIDDEN: Record<string, string[]> = {
  src: ['reference-server', 'conformance', 'test', 'scripts', 'bench'],
  'reference-server': ['conformance', 'test', 'scripts', 'bench'],
  conformance: ['reference-server', 'test', 'scripts', 'bench'],
};

function tsFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'node_modules' ? [] : tsFiles(path);
    return /\.(ts|js|mjs)$/.test(name) ? [path] : [];
  });
}

/** Every module specifier of static imports, re-exports and dynamic imports with a literal. */
function specifiers(source: string): string[] {
  const found: string[] = [];
  const pattern =
    /(?:import|export)\s[^'"`;]*?from\s*['"]([^'"]+)['"]|import\s*\(\s*['"]([^'"]+)['"]\s*\)|import\s+['"]([^'"]+)['"]/g;
  for (const m of source.matchAll(pattern)) found.push((m[1] ?? m[2] ?? m[3])!);
  return found;
}

function topFolder(absPath: string): string {
  return relative(root, absPath).split(/[\\/]/)[0]!;
}

function violations(): string[] {
  const out: string[] = [];
  for (const [from, banned] of Object.entries(FORBIDDEN)) {
    for (const file of tsFiles(join(root, from))) {
      for (const spec of specifiers(readFileSync(file, 'utf8'))) {
        const target = spec.startsWith('.') ? topFolder(resolve(dirname(file), spec)) : undefined;
        if (target && banned.includes(target)) out.push(`${relative(root, file)} imports ${spec}`);
      }
    }
  }
  return out;
}

describe('dependency rule', () => {
  it('finds import specifiers of every form', () => {
    const sample = `import a from './a.ts';\nimport { b } from "../b.ts";\nexport * from './c.ts';\nconst d = await import('../d.ts');\nimport './e.ts';\nimport type { F } from './f.ts';`;
    expect(specifiers(sample)).toEqual(['./a.ts', '../b.ts', './c.ts', '../d.ts', './e.ts', './f.ts']);
  });

  it('holds across src/, reference-server/ and conformance/', () => {
    expect(violations()).toEqual([]);
  });
});
