/**
 * The GitHub Action's script (action/run.sh) as a runner would call it: inputs in INPUT_* variables, a fake
 * $GITHUB_STEP_SUMMARY and $GITHUB_OUTPUT, the kit from this checkout's bin, the reference server as the target.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AipServer, createServer } from 'aip-kit/server';

const ROOT = new URL('../..', import.meta.url).pathname;
const SCRIPT = join(ROOT, 'action', 'run.sh');
const KEY = 'action-test-key-0123456789';

let server: AipServer;
const scratch: string[] = [];
const tempDir = (prefix: string) => {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  scratch.push(dir);
  return dir;
};
let url: string;

beforeAll(async () => {
  server = createServer({ apiKeys: [KEY] });
  ({ url } = await server.listen(0));
});
afterAll(async () => {
  await server.close();
  for (const dir of scratch) rmSync(dir, { recursive: true, force: true });
});

interface Run {
  code: number;
  log: string;
  summary: string;
  output: string;
  dir: string;
}

function runAction(inputs: Record<string, string>): Promise<Run> {
  const work = tempDir('aip-action-');
  const summary = join(work, 'step-summary.md');
  const output = join(work, 'github-output');
  writeFileSync(summary, 'earlier step\n');
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    GITHUB_ACTIONS: 'true',
    GITHUB_STEP_SUMMARY: summary,
    GITHUB_OUTPUT: output,
    AIP_CONFORMANCE: `${process.execPath} ${join(ROOT, 'bin', 'aip-conformance.js')}`,
  };
  for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name.toUpperCase().replace(/-/g, '_')}`] = value;
  return new Promise((resolve) => {
    execFile('bash', [SCRIPT], { cwd: work, env, timeout: 120_000 }, (err, stdout, stderr) => {
      resolve({
        code: err ? (typeof err.code === 'number' ? err.code : -1) : 0,
        log: stdout + stderr,
        summary: readFileSync(summary, 'utf8'),
        output: existsSync(output) ? readFileSync(output, 'utf8') : '',
        dir: join(work, inputs['report-dir'] ?? 'aip-conformance'),
      });
    });
  });
}

/** Only the key's mask command may carry it; the masking itself is the runner's job. */
const leaks = (r: Run) =>
  [r.log.replace(`::add-mask::${KEY}`, ''), r.summary, r.output].filter((text) => text.includes(KEY)).length;

describe('action/run.sh', () => {
  it('passes on the reference server: reports written, summary appended, exit code 0 in the outputs', async () => {
    const r = await runAction({ url, 'api-key': KEY, level: 'must', agent: 'code-assistant' });
    expect(r.code, r.log).toBe(0);
    expect(r.summary).toMatch(/^earlier step\n## AIP conformance: ✅ PASS/);
    expect(r.output).toBe(`exit-code=0\nreport-dir=aip-conformance\n`);
    for (const f of ['report.json', 'report.xml', 'summary.md']) expect(existsSync(join(r.dir, f)), f).toBe(true);
    const report = JSON.parse(readFileSync(join(r.dir, 'report.json'), 'utf8')) as {
      options: { level?: string; agent?: string };
    };
    expect(report.options).toMatchObject({ level: 'must', agent: 'code-assistant' });
    expect(r.log).toContain(`::add-mask::${KEY}`);
    expect(leaks(r)).toBe(0);
  });

  it('fails the job with exit 1 when the run fails (here: a stale baseline entry)', async () => {
    const work = tempDir('aip-baseline-');
    const baseline = join(work, 'baseline.txt');
    writeFileSync(baseline, 'events.named\n');
    const r = await runAction({ url, 'api-key': KEY, level: 'must', baseline, 'report-dir': 'out' });
    expect(r.code, r.log).toBe(1);
    expect(r.summary).toMatch(/## AIP conformance: ❌ FAIL — 0 MUST-level failure\(s\), 1 stale baseline entries/);
    expect(r.output).toBe('exit-code=1\nreport-dir=out\n');
    expect(r.log).toContain('::error title=AIP conformance::exit code 1');
    expect(leaks(r)).toBe(0);
  });

  it.each([
    ['no url', { 'api-key': KEY }],
    ['no key', { url: 'http://127.0.0.1:9' }],
  ])('refuses to start with %s (exit 2)', async (_, inputs) => {
    const r = await runAction(inputs);
    expect(r.code).toBe(2);
    expect(r.log).toContain('the url and api-key inputs are required');
  });

  it('reports NOT TESTED in the summary when the target cannot be reached (exit 2)', async () => {
    const r = await runAction({ url: 'http://127.0.0.1:9', 'api-key': KEY, 'report-dir': 'x' });
    expect(r.code, r.log).toBe(2);
    expect(r.summary).toMatch(/## AIP conformance: ⚠️ NOT TESTED/);
    expect(r.output).toBe('exit-code=2\nreport-dir=x\n');
    expect(leaks(r)).toBe(0);
  });

  it('passes every input of action.yml to the script', () => {
    const action = readFileSync(join(ROOT, 'action.yml'), 'utf8');
    const section = action.slice(action.indexOf('\ninputs:'), action.indexOf('\noutputs:'));
    const inputs = [...section.matchAll(/^ {2}([a-z-]+):$/gm)].map((m) => m[1]!);
    expect(inputs).toEqual(expect.arrayContaining(['url', 'api-key', 'agent', 'baseline', 'level']));
    const script = readFileSync(SCRIPT, 'utf8');
    for (const name of inputs) {
      const variable = `INPUT_${name.toUpperCase().replace(/-/g, '_')}`;
      expect(action, name).toContain(`${variable}: \${{ inputs.${name} }}`);
      expect(script, name).toContain(variable);
    }
  });
});
