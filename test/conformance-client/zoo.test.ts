/**
 * Negative proofs for client mode: every broken driver of the zoo fails exactly the scenarios
 * meant for it (zoo/expected.json) and passes all the others, and the report names the violated
 * requirement, the diff and a reproduction for each failure.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runClientConformance } from '../../conformance/index.ts';

const DRIVER = fileURLToPath(new URL('./zoo/driver.mjs', import.meta.url));
const { $comment: _comment, ...ZOO } = JSON.parse(
  readFileSync(new URL('./zoo/expected.json', import.meta.url), 'utf8'),
) as Record<string, string[]>;

describe('the zoo of broken clients', () => {
  it.each(Object.entries(ZOO))(
    '%s fails exactly %j',
    async (bug, expected) => {
      const command = `"${process.execPath}" "${DRIVER}" ${bug}`;
      const report = await runClientConformance({ command, concurrency: 6 });
      const failing = report.results.filter((r) => r.verdict !== 'pass');
      expect(failing.map((r) => r.id).sort()).toEqual([...expected].sort());
      expect(report.results.length).toBeGreaterThan(50);
      for (const r of failing) {
        expect(r.verdict).toBe('fail');
        expect(r.violated?.length).toBeGreaterThan(0);
        expect(r.evidence?.client?.reproduce).toBe(
          `AIP_SCENARIO=${r.id} aip-conformance client --command '${command}' --only ${r.id}`,
        );
        expect(r.evidence?.exchanges.length).toBeGreaterThan(0);
      }
    },
    180_000,
  );
});
