/**
 * `redocly lint` passes on spec/openapi.yaml with no errors, no warnings and nothing ignored,
 * and it does report problems (a broken copy is not accepted).
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, symlinkSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const REDOCLY = join(ROOT, 'node_modules', '.bin', 'redocly');

interface LintResult {
  status: number | null;
  totals: { errors: number; warnings: number; ignored: number };
  problems: { ruleId: string; message: string }[];
}

function lint(cwd: string): LintResult {
  const run = spawnSync(REDOCLY, ['lint', 'spec/openapi.yaml', '--format', 'json'], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true', NO_COLOR: '1' },
    timeout: 60_000,
  });
  const report = JSON.parse(run.stdout) as Omit<LintResult, 'status'>;
  return { status: run.status, ...report };
}

const scratch = mkdtempSync(join(tmpdir(), 'aip-openapi-lint-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('redocly lint spec/openapi.yaml', () => {
  it('exits 0 with zero errors, zero warnings and nothing ignored', () => {
    const result = lint(ROOT);
    expect(result.problems.map((p) => `${p.ruleId}: ${p.message}`)).toEqual([]);
    expect(result.totals).toEqual({ errors: 0, warnings: 0, ignored: 0 });
    expect(result.status).toBe(0);
  });

  it('reports a schema-violating example in a copy of the document', () => {
    mkdirSync(join(scratch, 'spec'));
    symlinkSync(join(ROOT, 'schemas'), join(scratch, 'schemas'));
    copyFileSync(join(ROOT, 'redocly.yaml'), join(scratch, 'redocly.yaml'));
    const original = readFileSync(join(ROOT, 'spec', 'openapi.yaml'), 'utf8');
    const broken = original.replace('          status: completed\n', '          status: finished\n');
    expect(broken).not.toBe(original);
    writeFileSync(join(scratch, 'spec', 'openapi.yaml'), broken);
    const result = lint(scratch);
    expect(result.totals.warnings).toBeGreaterThan(0);
    expect(result.problems.map((p) => p.ruleId)).toContain('no-invalid-media-type-examples');
  });
});
