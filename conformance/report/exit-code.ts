/**
 * Exit codes of a run, decided here and nowhere else (the CLI only assigns the number):
 *   0  no MUST-level failure: nothing at MUST is fail, untestable or error (baselined ones excepted)
 *   1  at least one MUST-level failure, or a stale baseline entry
 *   2  the kit could not test: usage error, unreachable target, or nothing was tested
 */
import type { Report } from './schema.ts';

export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_UNUSABLE = 2;

export function exitCodeOf(report: Report): 0 | 1 | 2 {
  if (report.fatal) return EXIT_UNUSABLE;
  const tested = report.results.filter((r) => r.verdict !== 'not_applicable').length;
  if (tested === 0) return EXIT_UNUSABLE;
  if (report.summary.mustFailures > 0) return EXIT_FAILED;
  if ((report.baseline?.stale.length ?? 0) > 0) return EXIT_FAILED;
  return EXIT_OK;
}
