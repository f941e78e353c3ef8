/** Shared helpers of the renderers: wording of verdicts and safe text. */
import type { CheckResult, ExchangeRecord, Report, Verdict } from './schema.ts';

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

/**
 * The exchanges that reproduce a result, in order: those its first finding names, else (a finding
 * that named none, or an untestable result) the last exchange the check made.
 */
export function reproduceSteps(r: CheckResult): ExchangeRecord[] {
  const ex = r.evidence?.exchanges ?? [];
  const named = (r.reproduce ?? []).map((i) => ex[i]).filter((x): x is ExchangeRecord => x !== undefined);
  if (named.length > 0) return named;
  return ex.length > 0 ? [ex[ex.length - 1]!] : [];
}

const clip = (text: string, max: number) => (text.length > max ? `${text.slice(0, max)}…` : text);

/** What happened on the wire in one exchange: status, timing, size, how it ended, and its first bytes. */
export function wireSummary(ex: ExchangeRecord, maxBytes = 240): string {
  const res = ex.response;
  const parts: string[] = [];
  if (res)
    parts.push(
      `HTTP ${res.status}, headers at ${res.headersMs ?? '?'} ms, ${res.totalMs} ms in all, ${res.bodyBytes} body bytes`,
    );
  else parts.push('no response');
  if (ex.hungUp) {
    const h = ex.hungUp;
    parts.push(
      `the kit hung up at ${h.atMs} ms after ${h.events} event(s)${h.names.length ? ` (${h.names.join(', ')})` : ''}; ${h.terminalSeen ? 'the terminal event had already arrived, so the stream was complete before the hang-up' : 'no terminal event had arrived yet'}`,
    );
  }
  if (ex.failure) parts.push(`${ex.failure.code}: ${ex.failure.message}`);
  const bytes = res?.body ?? res?.chunks?.map((c) => c.text).join('');
  if (bytes) parts.push(`bytes: ${JSON.stringify(clip(bytes, maxBytes))}`);
  return parts.join('; ');
}

/** A requirement without a check, on one line. */
export function notCoveredLine(n: NonNullable<Report['notCovered']>[number]): string {
  return `${n.id} (${n.level}, §${n.section}): ${n.reason}`;
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
