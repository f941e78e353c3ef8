import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REQUIREMENTS } from '../../src/requirements/index.ts';
import { parseSpec, renderRegistry, splitStatements, statementTag } from '../../src/requirements/spec-format.ts';
import { REGISTRY_PATH, ROOT, specText } from './spec-file.ts';

const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');

describe('registry.json matches the spec', () => {
  it('equals what the generator produces from the spec', () => {
    expect(readFileSync(REGISTRY_PATH, 'utf8')).toBe(renderRegistry(parseSpec(specText()).requirements));
  });

  it('lists exactly the tags the spec declares, in document order', () => {
    const tags = splitStatements(specText())
      .map((s) => statementTag(s.text))
      .filter((t): t is string => t?.startsWith('AIP-') ?? false);
    expect(REQUIREMENTS.map((r) => r.id)).toEqual(tags);
  });
});

describe('scripts/build-requirements.ts', () => {
  const workDirs: string[] = [];
  afterAll(() => {
    for (const dir of workDirs) rmSync(dir, { recursive: true, force: true });
  });

  /** A throwaway copy of the script, its parser, the spec and the registry, laid out as in the repo. */
  function copyProject(): string {
    const dir = mkdtempSync(join(tmpdir(), 'aip-spec-'));
    workDirs.push(dir);
    for (const rel of [
      'scripts/build-requirements.ts',
      'src/requirements/spec-format.ts',
      'src/requirements/registry.json',
      'spec/aip-0.1.0.md',
    ]) {
      mkdirSync(join(dir, rel, '..'), { recursive: true });
      cpSync(join(ROOT, rel), join(dir, rel));
    }
    return dir;
  }

  function run(dir: string, ...args: string[]) {
    const r = spawnSync(TSX, [join(dir, 'scripts', 'build-requirements.ts'), ...args], { encoding: 'utf8' });
    return { status: r.status, output: `${r.stdout}${r.stderr}` };
  }

  it('fails --check when the committed registry is stale, then regenerates it', () => {
    const dir = copyProject();
    const registry = join(dir, 'src/requirements/registry.json');
    writeFileSync(registry, readFileSync(registry, 'utf8').replace('"level": "SHOULD"', '"level": "MUST"'));
    const stale = run(dir, '--check');
    expect(stale.status).toBe(1);
    expect(stale.output).toContain('Run: npm run build:requirements');
    expect(run(dir).status).toBe(0);
    expect(run(dir, '--check').status).toBe(0);
  });

  it('fails --check when the registry is missing', () => {
    const dir = copyProject();
    rmSync(join(dir, 'src/requirements/registry.json'));
    const missing = run(dir, '--check');
    expect(missing.status).toBe(1);
    expect(missing.output).toContain('Run: npm run build:requirements');
  });

  it('refuses to build from a spec that breaks the tagging rules', () => {
    const dir = copyProject();
    const spec = join(dir, 'spec/aip-0.1.0.md');
    writeFileSync(
      spec,
      readFileSync(spec, 'utf8').replace(
        '## 4. Authentication\n',
        '## 4. Authentication\n\nA server MUST be untagged.\n',
      ),
    );
    const broken = run(dir);
    expect(broken.status).toBe(1);
    expect(broken.output).toContain('untagged-keyword');
  });
});
