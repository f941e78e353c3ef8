/**
 * The drivers shipped with the kit pass every scenario: the kit's own driver for aip-kit/client
 * (what `aip-conformance client` runs without --command) and the Python example. A driver built
 * on eventsource-parser 3.1.1 fails the final-lone-CR scenarios and nothing else, and its report
 * is valid against the published report schema.
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import {
  renderConsole,
  renderHtml,
  renderJunit,
  reportJsonSchema,
  runClientConformance,
} from '../../conformance/index.ts';

const PYTHON = fileURLToPath(new URL('../../conformance/client/drivers/python/aip_driver.py', import.meta.url));
const ESP = fileURLToPath(new URL('./drivers/eventsource-parser.mjs', import.meta.url));

function hasPython(): boolean {
  try {
    execFileSync('python3', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const failingIds = (report: Awaited<ReturnType<typeof runClientConformance>>) =>
  report.results.filter((r) => r.verdict !== 'pass').map((r) => `${r.id}: ${r.message}`);

describe('drivers shipped with the kit', () => {
  it("the kit's own client passes every scenario", async () => {
    const report = await runClientConformance({ concurrency: 6 });
    expect(report.mode).toBe('client');
    expect(report.client?.builtIn).toBe(true);
    expect(failingIds(report)).toEqual([]);
    expect(report.results.length).toBeGreaterThan(50);
  }, 180_000);

  it.skipIf(!hasPython())(
    'the Python example driver passes every scenario',
    async () => {
      const report = await runClientConformance({ command: `python3 "${PYTHON}"`, concurrency: 6 });
      expect(failingIds(report)).toEqual([]);
    },
    180_000,
  );

  it('an eventsource-parser 3.1.1 driver fails the final-lone-CR scenarios and nothing else', async () => {
    const report = await runClientConformance({ command: `"${process.execPath}" "${ESP}"`, concurrency: 6 });
    expect(report.results.filter((r) => r.verdict !== 'pass').map((r) => r.id)).toEqual([
      'framing.final-cr.whole',
      'framing.final-cr.bytes',
      'framing.final-cr.split',
    ]);
    const failure = report.results.find((r) => r.id === 'framing.final-cr.bytes')!;
    expect(failure.violated).toEqual(['AIP-STR-004']);
    expect(failure.evidence?.client?.diff).toContain('+ {"failure":{"status":null,"code":null}}');
    expect(failure.evidence?.client?.exitCode).toBe(1);
    const chunks = failure.evidence?.exchanges[0]?.response?.chunks ?? [];
    expect(chunks.length).toBeGreaterThan(100);
    expect(chunks.every((c) => c.bytes === 1)).toBe(true);
    const reproduce = failure.evidence?.client?.reproduce ?? '';
    expect(reproduce).toBe(
      `AIP_SCENARIO=framing.final-cr.bytes aip-conformance client --command '"${process.execPath}" "${ESP}"' --only framing.final-cr.bytes`,
    );
    expect(renderJunit(report)).toContain('AIP_SCENARIO=framing.final-cr.bytes');
    expect(renderHtml(report)).toContain('Reproduce');
    expect(renderConsole(report, { color: false })).toMatch(/58 scenarios: 55 pass, 3 fail/);
    const ajv = new Ajv2020({ strict: true, allErrors: true, strictRequired: false });
    addFormatsModule.default(ajv);
    const validate = ajv.compile(reportJsonSchema());
    expect(validate(JSON.parse(JSON.stringify(report))), JSON.stringify(validate.errors)).toBe(true);
  }, 180_000);
});
