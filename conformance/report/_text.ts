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

export function lastCurl(r: CheckResult): string | undefined {
  const ex = r.evidence?.exchanges;
  return ex && ex.length > 0 ? ex[ex.length - 1]!.curl : undefined;
}

export function targetLine(report: Report): string {
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

/** A result to act on, with the results whose precondition it broke (their `rootCause` names it). */
export interface RootCause {
  result: CheckResult;
  consequences: CheckResult[];
}

/**
 * Orders problems so that root causes come first: results that others name as their root cause
 * lead (those with most consequences first), each followed by its consequences; the rest keep
 * their order. A consequence whose root cause is not among the problems stands on its own.
 */
export function rootCausesFirst(problems: CheckResult[]): RootCause[] {
  const ids = new Set(problems.map((r) => r.id));
  const folded = new Map<string, CheckResult[]>();
  for (const r of problems) {
    if (r.rootCause !== undefined && r.rootCause !== r.id && ids.has(r.rootCause))
      folded.set(r.rootCause, [...(folded.get(r.rootCause) ?? []), r]);
  }
  const isFolded = (r: CheckResult) => r.rootCause !== undefined && r.rootCause !== r.id && ids.has(r.rootCause);
  const standing = problems.filter((r) => !isFolded(r));
  const weight = (r: CheckResult) => folded.get(r.id)?.length ?? 0;
  return [...standing]
    .sort((a, b) => weight(b) - weight(a))
    .map((result) => ({ result, consequences: folded.get(result.id) ?? [] }));
}
