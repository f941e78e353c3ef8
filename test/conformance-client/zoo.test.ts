/**
 * Negative proofs for client mode. Each broken driver of the zoo ("exact" in
 * zoo/expected.json) fails exactly the scenarios meant for it and passes all the others, with the
 * violated requirement, the diff and a reproduction in the report. Further broken drivers
 * ("kills") are each shown to fail their scenarios, so that every scenario of the catalogue is
 * failed by at least one broken client: none of them can pass whatever the client does.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { clientScenarios, runClientConformance } from '../../conformance/index.ts';

const DRIVER = fileURLToPath(new URL('./zoo/driver.mjs', import.meta.url));
const ZOO = JSON.parse(readFileSync(new URL('./zoo/expected.json', import.meta.url), 'utf8')) as {
  exact: Record<string, string[]>;
  kills: Record<string, string[]>;
};
const command = (bug: string) => `"${process.execPath}" "${DRIVER}" ${bug}`;

describe('the zoo of broken clients', () => {
  it.each(Object.entries(ZOO.exact))(
    '%s fails exactly %j',
    async (bug, expected) => {
      const report = await runClientConformance({ command: command(bug), concurrency: 6 });
      const failing = report.results.filter((r) => r.verdict !== 'pass');
      expect(failing.map((r) => r.id).sort()).toEqual([...expected].sort());
      expect(report.results).toHaveLength(clientScenarios().length);
      for (const r of failing) {
        expect(r.verdict).toBe('fail');
        expect(r.violated?.length).toBeGreaterThan(0);
        expect(r.evidence?.client?.reproduce).toBe(
          `AIP_SCENARIO=${r.id} aip-conformance client --command '${command(bug)}' --only ${r.id}`,
        );
        expect(r.evidence?.exchanges.length).toBeGreaterThan(0);
      }
    },
    180_000,
  );

  it.each(Object.entries(ZOO.kills))(
    '%s fails %j',
    async (bug, expected) => {
      const report = await runClientConformance({ command: command(bug), concurrency: 6, only: expected });
      expect(report.results.map((r) => `${r.id} ${r.verdict}`).sort()).toEqual(
        expected.map((id) => `${id} fail`).sort(),
      );
    },
    60_000,
  );

  it('every scenario is failed by at least one broken client', () => {
    const killed = new Set([...Object.values(ZOO.exact), ...Object.values(ZOO.kills)].flat());
    expect(
      clientScenarios()
        .filter((s) => !killed.has(s.id))
        .map((s) => s.id),
    ).toEqual([]);
  });
});
