/**
 * Both OpenAPI documents (spec/openapi.yaml and its 3.1 twin) lint clean in Redocly and in
 * Spectral (spectral:oas): no errors, no warnings, nothing ignored beyond the exceptions that
 * redocly.yaml and .spectral.yaml state with their reasons. Broken copies show that both linters
 * do report problems.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BIN = join(ROOT, 'node_modules', '.bin');
const DOCUMENTS = ['spec/openapi.yaml', 'spec/openapi-3.1.yaml'];
const ENV = { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true', NO_COLOR: '1' };

interface Problem {
  linter: string;
  rule: string;
  message: string;
  where: string;
}

/** Redocly's JSON format holds one document per report, so it runs once per document. */
function redocly(cwd: string): { status: number | null; problems: Problem[]; ignored: number } {
  let status: number | null = 0;
  let ignored = 0;
  const problems: Problem[] = [];
  for (const document of DOCUMENTS) {
    const run = spawnSync(join(BIN, 'redocly'), ['lint', document, '--format', 'json'], {
      cwd,
      encoding: 'utf8',
      env: ENV,
      timeout: 60_000,
    });
    const report = JSON.parse(run.stdout) as {
      totals: { ignored: number };
      problems: { ruleId: string; message: string; location: { pointer: string }[] }[];
    };
    status = Math.max(status ?? 1, run.status ?? 1);
    ignored += report.totals.ignored;
    for (const p of report.problems)
      problems.push({
        linter: 'redocly',
        rule: p.ruleId,
        message: p.message,
        where: `${document}${p.location[0]?.pointer ?? ''}`,
      });
  }
  return { status, problems, ignored };
}

function spectral(cwd: string): { status: number | null; problems: Problem[] } {
  const run = spawnSync(
    join(BIN, 'spectral'),
    ['lint', '-r', '.spectral.yaml', '--fail-severity', 'hint', '--format', 'json', '--quiet', ...DOCUMENTS],
    { cwd, encoding: 'utf8', env: ENV, timeout: 120_000 },
  );
  const results = JSON.parse(run.stdout || '[]') as { code: string; message: string; source: string; path: string[] }[];
  const problems = results.map((r) => ({
    linter: 'spectral',
    rule: r.code,
    message: r.message,
    where: `${r.source.slice(cwd.length)}#/${r.path.join('/')}`,
  }));
  return { status: run.status, problems };
}

const scratch = mkdtempSync(join(tmpdir(), 'aip-openapi-lint-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** A copy of the repository's documents and lint configuration with edits applied to one document. */
function brokenCopy(document: string, edits: [from: string, to: string][]): string {
  const dir = mkdtempSync(join(scratch, 'copy-'));
  mkdirSync(join(dir, 'spec'));
  symlinkSync(join(ROOT, 'schemas'), join(dir, 'schemas'));
  for (const file of ['redocly.yaml', '.spectral.yaml', ...DOCUMENTS]) copyFileSync(join(ROOT, file), join(dir, file));
  const original = readFileSync(join(ROOT, document), 'utf8');
  let broken = original;
  for (const [from, to] of edits) {
    const next = broken.replace(from, to);
    expect(next, `the edit "${from}" no longer applies to ${document}`).not.toBe(broken);
    broken = next;
  }
  writeFileSync(join(dir, document), broken);
  return dir;
}

describe('OpenAPI lint (Redocly and Spectral, both documents)', () => {
  it('Redocly: exits 0 with no problem and nothing ignored', () => {
    const result = redocly(ROOT);
    expect(result.problems).toEqual([]);
    expect(result.ignored).toBe(0);
    expect(result.status).toBe(0);
  });

  it('Spectral (spectral:oas): exits 0 with no problem of any severity', () => {
    const result = spectral(ROOT);
    expect(result.problems).toEqual([]);
    expect(result.status).toBe(0);
  });

  it('Redocly reports a schema-violating example in a copy of the 3.2 document', () => {
    const copy = brokenCopy('spec/openapi.yaml', [['          status: completed\n', '          status: finished\n']]);
    expect(redocly(copy).problems.map((p) => p.rule)).toContain('no-invalid-media-type-examples');
  });

  it('Spectral reports a missing contact and a relative externalDocs URL in a copy of the 3.1 twin', () => {
    const copy = brokenCopy('spec/openapi-3.1.yaml', [
      ['  contact:\n    name: AIP Kit maintainers\n    url: https://aip-kit.org/\n', ''],
      ['url: https://aip-kit.org/spec/0.1.0/', 'url: spec.html'],
    ]);
    const rules = spectral(copy).problems.map((p) => p.rule);
    expect(rules).toContain('info-contact');
    expect(rules).toContain('oas3-schema');
  });
});
