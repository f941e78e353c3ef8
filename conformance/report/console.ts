/**
 * Console renderer: a summary by section with counts by level, the not-applicable list, then
 * every failure and warning with its requirement, expected/actual and a curl reproducer.
 * Pure: the caller decides colour (TTY and NO_COLOR) and where the text goes.
 */
import { exitCodeOf } from './exit-code.ts';
import type { CheckResult, Report } from './schema.ts';
import {
  countsText,
  notCoveredLine,
  reproduceSteps,
  rootCausesFirst,
  sectionOrder,
  targetLine,
  VERDICT_LABEL,
  visible,
  wireSummary,
} from './_text.ts';

export interface ConsoleOptions {
  color: boolean;
}

const CODES = { red: 31, green: 32, yellow: 33, blue: 34, magenta: 35, cyan: 36, gray: 90, bold: 1 } as const;
type Style = keyof typeof CODES;

function painter(color: boolean) {
  return (style: Style, text: string) => (color ? `\u001b[${CODES[style]}m${text}\u001b[0m` : text);
}

const STYLE: Record<CheckResult['verdict'], Style> = {
  pass: 'green',
  fail: 'red',
  warn: 'yellow',
  not_applicable: 'gray',
  untestable: 'magenta',
  error: 'red',
};
const MARK: Record<CheckResult['verdict'], string> = {
  pass: '✓',
  fail: '✗',
  warn: '!',
  not_applicable: '-',
  untestable: '?',
  error: '✗',
};

/** One line per finished check, for progress on a terminal. */
export function renderProgress(r: CheckResult, done: number, total: number, options: ConsoleOptions): string {
  const paint = painter(options.color);
  const width = String(total).length;
  return `${paint('gray', `[${String(done).padStart(width)}/${total}]`)} ${paint(STYLE[r.verdict], `${MARK[r.verdict]} ${VERDICT_LABEL[r.verdict].padEnd(10)}`)} ${r.id} ${paint('gray', `${Math.round(r.durationMs)} ms`)}`;
}

const indent = (text: string, pad: string) =>
  text
    .split('\n')
    .map((l) => `${pad}${l}`)
    .join('\n');

function renderProblem(r: CheckResult, paint: ReturnType<typeof painter>): string {
  const lines: string[] = [];
  const tag = r.baselined ? `${VERDICT_LABEL[r.verdict]} (baselined)` : VERDICT_LABEL[r.verdict];
  lines.push(
    `${paint(STYLE[r.verdict], `${MARK[r.verdict]} ${tag}`)}  ${paint('bold', r.id)}  ${paint('gray', `§${r.section} · ${r.level}`)}`,
  );
  lines.push(`    ${visible(r.title)}`);
  const violated = new Set(r.violated ?? r.requirements);
  for (const q of r.requirementTexts ?? []) {
    if (violated.has(q.id)) lines.push(paint('cyan', `    ${q.id} (${q.level}, §${q.section}): ${visible(q.text)}`));
  }
  if (r.action) lines.push(`    Sent:     ${visible(r.action)}`);
  if (r.message) lines.push(`    Problem:  ${visible(r.message)}`);
  if (r.expected) lines.push(`    Expected: ${visible(r.expected)}`);
  if (r.actual && r.actual !== `- ${r.message}`) lines.push(`    Actual:\n${indent(visible(r.actual), '      ')}`);
  if (r.evidence?.client) lines.push(`    Reproduce: ${paint('gray', visible(r.evidence.client.reproduce))}`);
  const steps = reproduceSteps(r);
  const curlOf = (c: string) => paint('gray', visible(c.length > 600 ? `${c.slice(0, 600)}…` : c));
  if (steps.length === 1) {
    lines.push(`    Reproduce: ${curlOf(steps[0]!.curl)}`);
    lines.push(`    On the wire: ${visible(wireSummary(steps[0]!))}`);
  } else if (steps.length > 1) {
    lines.push(`    Reproduce (${steps.length} steps, in order):`);
    steps.forEach((ex, i) => {
      lines.push(`      ${i + 1}. ${curlOf(ex.curl)}`);
      lines.push(`         ${visible(wireSummary(ex))}`);
    });
  }
  return lines.join('\n');
}

export function render(report: Report, options: ConsoleOptions = { color: false }): string {
  const paint = painter(options.color);
  const out: string[] = [];
  out.push(paint('bold', `AIP conformance — ${report.kit.name} ${report.kit.version}, AIP ${report.aipVersion}`));
  out.push(`Target:   ${visible(targetLine(report))}`);
  if (report.fatal) {
    out.push('', paint('red', `✗ ${visible(report.fatal.message)}`));
    if (report.fatal.hint) out.push(`  ${visible(report.fatal.hint)}`);
    out.push('', `Result: NOT TESTED — exit code ${exitCodeOf(report)}`);
    return `${out.join('\n')}\n`;
  }
  if (report.mode !== 'client') {
    out.push(
      `Agent:    ${visible(report.target.agent ?? '(none)')}${report.target.agentReason ? paint('gray', ` — ${visible(report.target.agentReason)}`) : ''}`,
    );
    out.push(`Profiles: ${visible(report.target.claimedProfiles.join(', ') || '(none)')}`);
  }
  if (report.invocations !== undefined)
    out.push(`Cost:     up to ${report.invocations} agent invocations for the selected checks`);
  const headers = Object.entries(report.options.headers ?? {});
  if (headers.length > 0) out.push(`Headers:  ${visible(headers.map(([k, v]) => `${k}: ${v}`).join(', '))}`);
  out.push('');
  out.push(paint('bold', 'By section'));
  for (const s of sectionOrder(report)) {
    const sec = report.summary.bySection[s]!;
    const bad = sec.byVerdict.fail + sec.byVerdict.untestable + sec.byVerdict.error;
    const style: Style = bad > 0 ? 'red' : sec.byVerdict.warn > 0 ? 'yellow' : 'green';
    out.push(`  ${`§${s}`.padEnd(5)} ${sec.title.padEnd(38)} ${paint(style, countsText(sec.byVerdict))}`);
  }
  out.push('');
  out.push(paint('bold', 'By level'));
  for (const level of ['MUST', 'SHOULD', 'MAY'] as const) {
    const text = countsText(report.summary.byLevel[level]);
    if (text) out.push(`  ${level.padEnd(7)} ${text}`);
  }
  if (report.notApplicable.length > 0) {
    out.push('', paint('bold', `Not applicable (${report.notApplicable.length}) — these checks did not run:`));
    for (const n of report.notApplicable)
      out.push(`  - ${n.id}: ${visible(n.reason.replace(/^NOT APPLICABLE: /, ''))}`);
  }
  if (report.network?.length) {
    const retries = report.network.filter((n) => n.kind === 'retry').length;
    const waits = report.network.length - retries;
    out.push(
      '',
      paint(
        'bold',
        `Network: ${retries} idempotent request(s) retried after a transport fault, ${waits} Retry-After wait(s)`,
      ),
    );
    for (const n of report.network.slice(0, 10)) out.push(`  - ${n.kind} ${visible(n.request)}: ${visible(n.cause)}`);
  }
  const failures = report.results.filter(
    (r) => r.verdict === 'fail' || r.verdict === 'error' || (r.verdict === 'untestable' && r.level === 'MUST'),
  );
  const warnings = report.results.filter(
    (r) => r.verdict === 'warn' || (r.verdict === 'untestable' && r.level !== 'MUST'),
  );
  if (failures.length > 0) {
    out.push('', paint('bold', `Failures (${failures.length})`));
    for (const { result, consequences } of rootCausesFirst(failures)) {
      out.push('', renderProblem(result, paint));
      for (const c of consequences)
        out.push(
          paint('gray', `    ↳ ${VERDICT_LABEL[c.verdict]} ${c.id} as a consequence: ${visible(c.message ?? c.title)}`),
        );
    }
  }
  if (warnings.length > 0) {
    out.push('', paint('bold', `Warnings (${warnings.length}) — SHOULD/MAY level, they do not fail the run`));
    for (const r of warnings) out.push('', renderProblem(r, paint));
  }
  if (report.notCovered?.length) {
    out.push(
      '',
      paint('bold', `Not covered (${report.notCovered.length}) — requirements no check of this kit verifies:`),
    );
    for (const n of report.notCovered) out.push(`  - ${visible(notCoveredLine(n))}`);
  }
  if (report.baseline && report.baseline.stale.length > 0) {
    out.push(
      '',
      paint(
        'red',
        `Stale baseline entries (${report.baseline.stale.length}) — these now pass or no longer exist; remove them from the baseline:`,
      ),
    );
    for (const id of report.baseline.stale) out.push(`  - ${visible(id)}`);
  }
  const code = exitCodeOf(report);
  out.push('');
  out.push(
    `${report.summary.total} ${report.mode === 'client' ? 'scenarios' : 'checks'}: ${countsText(report.summary.byVerdict)} in ${(report.durationMs / 1000).toFixed(1)} s`,
  );
  const verdict =
    code === 0
      ? paint('green', 'PASS — no MUST-level failure')
      : code === 1
        ? paint(
            'red',
            `FAIL — ${report.summary.mustFailures} MUST-level failure(s)${report.baseline?.stale.length ? `, ${report.baseline.stale.length} stale baseline entr${report.baseline.stale.length === 1 ? 'y' : 'ies'}` : ''}`,
          )
        : paint('red', 'NOT TESTED — nothing was tested');
  out.push(`Result: ${verdict} (exit code ${code})`);
  return `${out.join('\n')}\n`;
}
