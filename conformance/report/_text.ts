/** Shared helpers of the renderers: wording of verdicts and safe text. */
import type { CheckResult, Report, Verdict } from './schema.ts';

export const VERDICT_LABEL: Record<Verdict, string> = {
  pass: 'PASS',
  fail: 'FAIL',
  warn: 'WARN',
  not_applicable: 'N/A',
  untestable: 'UNTESTABLE',
  error: 'ERROR',
};

/** Control characters a hostile server could use to rewrite a terminal or break XML, shown escaped instead. */
export function visible(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(
    /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g,
    (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`,
  );
}

/** The result a person must act on: failing at MUST (fail, untestable, error) or a warning. */
export const isProblem = (r: CheckResult) =>
  r.verdict === 'fail' || r.verdict === 'untestable' || r.verdict === 'error' || r.verdict === 'warn';

/** How to reproduce a result: client mode's one-line rerun, else the curl of the last exchange. */
export function lastCurl(r: CheckResult): string | undefined {
  if (r.evidence?.client) return r.evidence.client.reproduce;
  const ex = r.evidence?.exchanges;
  return ex && ex.length > 0 ? ex[ex.length - 1]!.curl : undefined;
}

export function targetLine(report: Report): string {
  if (report.mode === 'client') return `client ${report.client?.command ?? '(unknown)'} against the scenario hub`;
  return `${report.target.url}${report.target.embedded ? ' (embedded reference server)' : ''}`;
}

export function sectionOrder(report: Report): string[] {
  return Object.keys(report.summary.bySection).sort((a, b) => Number(a) - Number(b));
}

export function countsText(counts: Record<Verdict, number>): string {
  return (Object.keys(VERDICT_LABEL) as Verdict[])
    .filter((v) => counts[v] > 0)
    .map((v) => `${counts[v]} ${VERDICT_LABEL[v].toLowerCase()}`)
    .join(', ');
}
