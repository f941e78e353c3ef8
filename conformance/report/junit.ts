/**
 * JUnit XML for CI. Mapping:
 *   - one <testsuite> per spec section, one <testcase> per check (classname "aip.§<n>");
 *   - fail, and untestable at MUST      → <failure type="MUST">
 *   - error (the kit broke)             → <error>
 *   - not_applicable                    → <skipped message="reason">
 *   - a baselined known failure         → <skipped message="baselined: …"> (it does not fail the run)
 *   - warn, and untestable at SHOULD/MAY → passing testcase with the finding in <system-out>
 *   - requirement ids, level and verdict → <properties> of each testcase
 *   - stale baseline entries            → a testcase "baseline.stale" in suite "baseline", with <failure>
 *   - requirements without a check      → suite "not covered", one <skipped message="reason"> testcase each
 */
import type { CheckResult, Report } from './schema.ts';
import { reproduceSteps, sectionOrder, VERDICT_LABEL, wireSummary } from './_text.ts';

export function xmlEscape(text: string): string {
  return (
    text
      // Characters XML 1.0 cannot carry at all.
      // eslint-disable-next-line no-control-regex
      .replace(
        /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g,
        (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`,
      )
      .replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd')
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
      .replace(/'/g, '&apos;')
  );
}

const seconds = (ms: number) => (ms / 1000).toFixed(3);

function details(r: CheckResult): string {
  const lines = [`${VERDICT_LABEL[r.verdict]} ${r.id} (${r.level})`, r.title];
  for (const q of r.requirementTexts ?? []) lines.push(`${q.id} (${q.level}): ${q.text}`);
  if (r.action) lines.push(`Sent: ${r.action}`);
  if (r.message) lines.push(`Problem: ${r.message}`);
  if (r.expected) lines.push(`Expected: ${r.expected}`);
  if (r.actual) lines.push(`Actual:\n${r.actual}`);
  if (r.evidence?.client) lines.push(`Reproduce: ${r.evidence.client.reproduce}`);
  const steps = reproduceSteps(r);
  steps.forEach((ex, i) => {
    lines.push(`Reproduce${steps.length > 1 ? ` step ${i + 1} of ${steps.length}` : ''}: ${ex.curl}`);
    lines.push(`On the wire: ${wireSummary(ex)}`);
  });
  return lines.join('\n');
}

function testcase(r: CheckResult): string {
  const props = [
    ...r.requirements.map((id) => `<property name="requirement" value="${xmlEscape(id)}"/>`),
    `<property name="level" value="${r.level}"/>`,
    `<property name="verdict" value="${r.verdict}"/>`,
    ...(r.baselined ? ['<property name="baselined" value="true"/>'] : []),
  ];
  const body: string[] = [`<properties>${props.join('')}</properties>`];
  const message = xmlEscape(r.message ?? r.title);
  if (r.baselined)
    body.push(
      `<skipped message="baselined known failure (${r.verdict}): ${message}"/>`,
      `<system-out>${xmlEscape(details(r))}</system-out>`,
    );
  else if (r.verdict === 'fail' || (r.verdict === 'untestable' && r.level === 'MUST'))
    body.push(`<failure type="${r.level}" message="${message}">${xmlEscape(details(r))}</failure>`);
  else if (r.verdict === 'error')
    body.push(`<error type="harness" message="${message}">${xmlEscape(details(r))}</error>`);
  else if (r.verdict === 'not_applicable') body.push(`<skipped message="${message}"/>`);
  else if (r.verdict === 'warn' || r.verdict === 'untestable')
    body.push(`<system-out>${xmlEscape(`WARNING (${r.level}): ${details(r)}`)}</system-out>`);
  return `    <testcase classname="aip.§${xmlEscape(r.section)}" name="${xmlEscape(`${r.id}: ${r.title}`)}" time="${seconds(r.durationMs)}">\n      ${body.join('\n      ')}\n    </testcase>`;
}

function counts(results: CheckResult[]) {
  const failures = results.filter(
    (r) => !r.baselined && (r.verdict === 'fail' || (r.verdict === 'untestable' && r.level === 'MUST')),
  ).length;
  const errors = results.filter((r) => !r.baselined && r.verdict === 'error').length;
  const skipped = results.filter((r) => r.baselined || r.verdict === 'not_applicable').length;
  return {
    tests: results.length,
    failures,
    errors,
    skipped,
    time: seconds(results.reduce((s, r) => s + r.durationMs, 0)),
  };
}

export function render(report: Report): string {
  const suites: string[] = [];
  for (const s of sectionOrder(report)) {
    const results = report.results.filter((r) => r.section === s);
    const c = counts(results);
    const name = `§${s} ${report.summary.bySection[s]!.title}`;
    suites.push(
      `  <testsuite name="${xmlEscape(name)}" tests="${c.tests}" failures="${c.failures}" errors="${c.errors}" skipped="${c.skipped}" time="${c.time}">\n${results.map(testcase).join('\n')}\n  </testsuite>`,
    );
  }
  let extraTests = 0;
  const stale = report.baseline?.stale ?? [];
  if (stale.length > 0) {
    extraTests++;
    suites.push(
      `  <testsuite name="baseline" tests="1" failures="1" errors="0" skipped="0" time="0">\n    <testcase classname="aip.baseline" name="baseline.stale" time="0">\n      <failure type="baseline" message="${xmlEscape(`${stale.length} baseline entr${stale.length === 1 ? 'y is' : 'ies are'} stale: ${stale.join(', ')}`)}">These checks are listed as known failures but now pass (or no longer exist). Remove them from the baseline file.</failure>\n    </testcase>\n  </testsuite>`,
    );
  }
  if (report.fatal) {
    extraTests++;
    suites.push(
      `  <testsuite name="run" tests="1" failures="0" errors="1" skipped="0" time="0">\n    <testcase classname="aip.run" name="target reachable" time="0">\n      <error type="${xmlEscape(report.fatal.code)}" message="${xmlEscape(report.fatal.message)}">${xmlEscape(report.fatal.hint ?? '')}</error>\n    </testcase>\n  </testsuite>`,
    );
  }
  const uncovered = report.notCovered ?? [];
  if (uncovered.length > 0) {
    extraTests += uncovered.length;
    const cases = uncovered.map(
      (n) =>
        `    <testcase classname="aip.not-covered" name="${xmlEscape(`${n.id} (${n.level}, §${n.section})`)}" time="0">\n      <skipped message="${xmlEscape(`not covered: ${n.reason}`)}"/>\n    </testcase>`,
    );
    suites.push(
      `  <testsuite name="not covered" tests="${uncovered.length}" failures="0" errors="0" skipped="${uncovered.length}" time="0">\n${cases.join('\n')}\n  </testsuite>`,
    );
  }
  const all = counts(report.results);
  const failures = all.failures + (stale.length > 0 ? 1 : 0);
  const errors = all.errors + (report.fatal ? 1 : 0);
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="${xmlEscape(`AIP ${report.aipVersion} conformance of ${report.target.url}`)}" tests="${all.tests + extraTests}" failures="${failures}" errors="${errors}" skipped="${all.skipped + uncovered.length}" time="${seconds(report.durationMs)}">\n${suites.join('\n')}\n</testsuites>\n`;
}
