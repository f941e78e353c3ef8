/**
 * Markdown renderer: a compact summary for CI pages such as `$GITHUB_STEP_SUMMARY` — the verdict, counts by
 * section and by level, then each failure and warning in one line with its requirement ids and a reproducer.
 * Everything the target sent is escaped, so a hostile server cannot inject markup, links or HTML into the page.
 */
import { exitCodeOf } from './exit-code.ts';
import type { CheckResult, Report, Verdict } from './schema.ts';
import { notCoveredLine, reproduceSteps, sectionOrder, targetLine, VERDICT_LABEL, visible } from './_text.ts';

/** Longest one-line problem and reproducer kept; the JSON and HTML reports hold the rest. */
const MAX_PROBLEM = 300;
const MAX_CURL = 1_000;
const COLUMNS: readonly Verdict[] = ['pass', 'fail', 'warn', 'untestable', 'error', 'not_applicable'];

/** Inert mid-line text: what starts emphasis, code, links, cells or HTML is escaped; control characters shown. */
export function mdText(text: string): string {
  return visible(text.replace(/\s*[\r\n]+\s*/g, ' '))
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/[\\`*_[\]|~]/g, '\\$&');
}

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

/** A fenced block longer than any run of backticks inside, so the content cannot close it. */
function fenced(code: string, lang: string): string {
  const longest = Math.max(2, ...(code.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  return `${fence}${lang}\n${visible(code)}\n${fence}`;
}

function countRow(label: string, counts: Record<Verdict, number>): string {
  return `| ${label} | ${COLUMNS.map((v) => (counts[v] > 0 ? String(counts[v]) : '·')).join(' | ')} |`;
}

function problemLines(r: CheckResult): string[] {
  const ids = (r.violated ?? r.requirements).join(', ');
  const tag = r.baselined ? ' (baselined)' : '';
  const problem = clip(r.message ?? r.title, MAX_PROBLEM);
  const lines = [
    `- **${VERDICT_LABEL[r.verdict]}${tag}** \`${r.id}\` — ${ids} (${r.level}, §${r.section}): ${mdText(problem)}`,
  ];
  const steps = reproduceSteps(r).filter((ex) => ex.curl);
  const curl =
    r.evidence?.client?.reproduce ??
    steps.map((ex, i) => (steps.length > 1 ? `# step ${i + 1}\n${ex.curl}` : ex.curl)).join('\n');
  if (curl) {
    lines.push(
      '  <details><summary>Reproduce</summary>',
      '',
      ...fenced(clip(curl, MAX_CURL), 'sh')
        .split('\n')
        .map((l) => `  ${l}`),
      '',
      '  </details>',
    );
  }
  return lines;
}

export function render(report: Report): string {
  const code = exitCodeOf(report);
  const out: string[] = [];
  const head =
    code === 0
      ? '✅ PASS — no MUST-level failure'
      : code === 1
        ? `❌ FAIL — ${report.summary.mustFailures} MUST-level failure(s)${report.baseline?.stale.length ? `, ${report.baseline.stale.length} stale baseline entries` : ''}`
        : '⚠️ NOT TESTED';
  out.push(`## AIP conformance: ${head}`, '');
  out.push(
    `${mdText(`${report.kit.name} ${report.kit.version}`)} · AIP ${mdText(report.aipVersion)} · target ${mdText(targetLine(report))}` +
      `${report.target.agent ? ` · agent ${mdText(report.target.agent)}` : ''} · exit code ${code}`,
  );
  if (report.fatal) {
    out.push('', `**${mdText(report.fatal.message)}**`);
    if (report.fatal.hint) out.push('', `Hint: ${mdText(report.fatal.hint)}`);
    return `${out.join('\n')}\n`;
  }
  out.push(
    '',
    `${report.summary.total} ${report.mode === 'client' ? 'scenarios' : 'checks'} in ${(report.durationMs / 1000).toFixed(1)} s`,
    '',
    `| Level | ${COLUMNS.map((v) => VERDICT_LABEL[v]).join(' | ')} |`,
    `|---|${COLUMNS.map(() => '--:').join('|')}|`,
  );
  for (const level of ['MUST', 'SHOULD', 'MAY'] as const) {
    const counts = report.summary.byLevel[level];
    if (COLUMNS.some((v) => counts[v] > 0)) out.push(countRow(level, counts));
  }
  out.push(
    '',
    `| Section | ${COLUMNS.map((v) => VERDICT_LABEL[v]).join(' | ')} |`,
    `|---|${COLUMNS.map(() => '--:').join('|')}|`,
  );
  for (const s of sectionOrder(report)) {
    const sec = report.summary.bySection[s]!;
    out.push(countRow(`§${s} ${mdText(sec.title)}`, sec.byVerdict));
  }
  const failures = report.results.filter(
    (r) => r.verdict === 'fail' || r.verdict === 'error' || (r.verdict === 'untestable' && r.level === 'MUST'),
  );
  const warnings = report.results.filter(
    (r) => r.verdict === 'warn' || (r.verdict === 'untestable' && r.level !== 'MUST'),
  );
  if (failures.length > 0) {
    out.push('', `### Failures (${failures.length})`, '');
    for (const r of failures) out.push(...problemLines(r));
  }
  if (warnings.length > 0) {
    out.push('', `### Warnings (${warnings.length}) — SHOULD/MAY level, they do not fail the run`, '');
    for (const r of warnings) out.push(...problemLines(r));
  }
  if (report.baseline && report.baseline.stale.length > 0) {
    out.push('', `### Stale baseline entries (${report.baseline.stale.length}) — remove them from the baseline`, '');
    for (const id of report.baseline.stale) out.push(`- ${mdText(id)}`);
  }
  if (report.notApplicable.length > 0) {
    out.push('', `<details><summary>Not applicable (${report.notApplicable.length})</summary>`, '');
    for (const n of report.notApplicable)
      out.push(`- \`${n.id}\`: ${mdText(n.reason.replace(/^NOT APPLICABLE: /, ''))}`);
    out.push('', '</details>');
  }
  const notCovered = report.notCovered ?? [];
  if (notCovered.length > 0) {
    out.push('', `<details><summary>Not covered: requirements without a check (${notCovered.length})</summary>`, '');
    for (const n of notCovered) out.push(`- ${mdText(notCoveredLine(n))}`);
    out.push('', '</details>');
  }
  return `${out.join('\n')}\n`;
}
