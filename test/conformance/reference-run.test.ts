/**
 * One full run against the embedded reference server (started through `aip-kit/server`, as the
 * CLI does): the positive proof of every check, plus the properties of the report it yields.
 */
import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { beforeAll, describe, expect, it } from 'vitest';
import { REQUIREMENTS } from '../../src/requirements/index.ts';
import {
  exitCodeOf,
  renderConsole,
  renderHtml,
  renderJson,
  renderJunit,
  renderProgress,
  runConformance,
  type Report,
} from '../../conformance/index.ts';

const KEY = 'aipk_DISTINCTIVE_main_key_7f3a9c1e5b';
const KEY2 = 'aipk_DISTINCTIVE_second_key_2d8e6f0a4c';

let report: Report;
const progress: string[] = [];

beforeAll(async () => {
  report = await runConformance({
    apiKey: KEY,
    secondApiKey: KEY2,
    onResult: (r, done, total) => progress.push(renderProgress(r, done, total, { color: true })),
  });
}, 60_000);

const summary = (r: Report['results'][number]) => `${r.verdict} ${r.id}: ${r.message ?? ''}`;

describe('a full run against the reference server', () => {
  it('finds no MUST-level failure', () => {
    const blocking = report.results
      .filter((r) => r.level === 'MUST' && ['fail', 'untestable', 'error'].includes(r.verdict))
      .map(summary);
    expect(blocking).toEqual([]);
    expect(exitCodeOf(report)).toBe(0);
  });

  it('raises no warning', () => {
    expect(report.results.filter((r) => r.verdict === 'warn' || r.verdict === 'untestable').map(summary)).toEqual([]);
  });

  it('runs every check; the only skips are for agents the reference does not have and the opt-in heartbeat check', () => {
    expect(report.results.filter((r) => r.verdict === 'error').map(summary)).toEqual([]);
    expect(report.notApplicable.map((n) => n.id)).toEqual([
      'invoke.streaming-unsupported',
      'stream.heartbeat',
      'security.tls-off-localhost',
    ]);
    expect(report.target.claimedProfiles).toEqual(['core', 'hub']);
    expect(report.target.agent).toBe('conformance');
  });

  it('writes a report valid against the published schema', () => {
    const schema = JSON.parse(
      readFileSync(new URL('../../schemas/conformance-report.json', import.meta.url), 'utf8'),
    ) as object;
    const ajv = new Ajv2020({ strict: true, allErrors: true, strictRequired: false });
    addFormatsModule.default(ajv);
    const validate = ajv.compile(schema);
    const ok = validate(JSON.parse(renderJson(report)));
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  it('never shows either API key, in any format', () => {
    const outputs = {
      json: renderJson(report),
      junit: renderJunit(report),
      html: renderHtml(report),
      console: renderConsole(report, { color: false }),
      progress: progress.join('\n'),
    };
    for (const [format, text] of Object.entries(outputs)) {
      expect(text.includes(KEY), `${format} contains the main key`).toBe(false);
      expect(text.includes(KEY2), `${format} contains the second key`).toBe(false);
    }
    expect(report.options.apiKey).toBe('aip…redacted');
  });

  it('lists every requirement without a check, with its reason, in every format', () => {
    const cited = new Set(report.results.flatMap((r) => r.requirements));
    const uncovered = REQUIREMENTS.filter((r) => !cited.has(r.id)).map((r) => r.id);
    expect(report.notCovered?.map((n) => n.id)).toEqual(uncovered);
    expect(uncovered.length).toBeGreaterThan(0);
    for (const n of report.notCovered!) expect(n.reason.length, n.id).toBeGreaterThan(10);
    const first = report.notCovered![0]!;
    expect(renderConsole(report)).toContain(`Not covered (${uncovered.length})`);
    expect(renderConsole(report)).toContain(`${first.id} (${first.level}, §${first.section}): ${first.reason}`);
    expect(renderJunit(report)).toMatch(
      new RegExp(`<testsuite name="not covered" tests="${uncovered.length}"[^>]*skipped="${uncovered.length}"`),
    );
    expect(renderHtml(report)).toContain(`Not covered (${uncovered.length})`);
    expect(JSON.parse(renderJson(report)).notCovered).toHaveLength(uncovered.length);
  });

  it('states its cost: the agent invocations the selected checks declare', () => {
    expect(report.invocations).toBeGreaterThan(0);
    expect(renderConsole(report)).toContain(`Cost:     up to ${report.invocations} agent invocations`);
  });

  it('summarises every result once, by verdict, level and section', () => {
    const s = report.summary;
    expect(s.total).toBe(report.results.length);
    expect(Object.values(s.byVerdict).reduce((a, b) => a + b, 0)).toBe(s.total);
    expect(Object.values(s.bySection).reduce((a, b) => a + b.total, 0)).toBe(s.total);
    expect(Object.keys(s.bySection)).toContain('11');
    const uncovered = report.notCovered?.length ?? 0;
    expect((renderJunit(report).match(/<testcase /g) ?? []).length).toBe(s.total + uncovered);
  });
});
