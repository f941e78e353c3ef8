/** The renderers on a hand-made report holding every verdict and hostile text from a target. */
import { describe, expect, it } from 'vitest';
import {
  renderConsole,
  renderHtml,
  renderJunit,
  summarize,
  SECTION_TITLES,
  type CheckResult,
  type Report,
} from '../../conformance/index.ts';

const HOSTILE = 'evil <script>alert("x")</script> & \u001b[2J\u0000 \'q\'';

const result = (
  id: string,
  verdict: CheckResult['verdict'],
  level: CheckResult['level'] = 'MUST',
  extra: Partial<CheckResult> = {},
): CheckResult => ({
  id,
  title: `title of ${id}`,
  section: '10',
  requirements: ['AIP-STR-001'],
  requirementTexts: [{ id: 'AIP-STR-001', level, section: '10.1', text: 'A stream response MUST have status 200.' }],
  level,
  verdict,
  durationMs: 3,
  ...(verdict === 'pass' ? {} : { message: `${verdict}: ${HOSTILE}`, expected: 'HTTP 200', actual: `- ${HOSTILE}` }),
  ...extra,
});

const RESULTS: CheckResult[] = [
  result('kit.pass', 'pass'),
  result('kit.fail', 'fail', 'MUST', {
    evidence: {
      exchanges: [
        {
          label: 'probe',
          request: {
            method: 'POST',
            url: 'http://t.test/v1/aip/invoke',
            headers: { 'X-API-Key': 'aip…redacted' },
            body: HOSTILE,
            bodyBytes: 10,
          },
          response: {
            status: 200,
            headers: { 'content-type': 'text/event-stream' },
            bodyBytes: 5,
            chunks: [{ atMs: 1.5, bytes: 5, text: HOSTILE }],
            totalMs: 2,
          },
          curl: `curl -sS -i -N 'http://t.test/v1/aip/invoke' --data-binary '${HOSTILE}'`,
        },
      ],
    },
  }),
  result('kit.warn', 'warn', 'SHOULD'),
  result('kit.na', 'not_applicable', 'MUST', { message: 'NOT APPLICABLE: no hub' }),
  result('kit.untestable-must', 'untestable', 'MUST'),
  result('kit.untestable-should', 'untestable', 'SHOULD'),
  result('kit.error', 'error', 'MUST'),
];

const report: Report = {
  reportVersion: 1,
  mode: 'server',
  kit: { name: 'aip-kit', version: '0.1.0' },
  aipVersion: '0.1.0',
  runId: 'r1',
  target: { url: 'http://t.test/', embedded: false, agent: HOSTILE, manifest: null, claimedProfiles: ['core'] },
  options: { timeoutMs: 1000, concurrency: 1 },
  startedAt: '2026-01-01T00:00:00.000Z',
  durationMs: 12,
  summary: summarize(RESULTS, SECTION_TITLES),
  notApplicable: [{ id: 'kit.na', reason: 'NOT APPLICABLE: no hub' }],
  results: RESULTS,
};

const testcase = (xml: string, id: string) =>
  xml.slice(xml.indexOf(`name="${id}:`), xml.indexOf('</testcase>', xml.indexOf(`name="${id}:`)));

describe('JUnit', () => {
  const xml = renderJunit(report);

  it.each([
    ['kit.fail', /<failure type="MUST"/],
    ['kit.untestable-must', /<failure type="MUST"/],
    ['kit.error', /<error type="harness"/],
    ['kit.na', /<skipped message="NOT APPLICABLE: no hub"\/>/],
    ['kit.warn', /<system-out>WARNING \(SHOULD\)/],
    ['kit.untestable-should', /<system-out>WARNING \(SHOULD\)/],
  ])('maps %s', (id, pattern) => {
    expect(testcase(xml, id)).toMatch(pattern);
  });

  it('counts failures, errors and skips on the suites', () => {
    expect(xml).toMatch(/<testsuites [^>]*tests="7" failures="2" errors="1" skipped="1"/);
  });

  it('escapes markup and drops characters XML cannot hold', () => {
    expect(xml).not.toContain('<script>');
    expect(xml).toContain('&lt;script&gt;');
    expect(xml).not.toMatch(/[\u0000\u001b]/);
  });
});

describe('HTML', () => {
  const html = renderHtml(report);

  it('is self-contained', () => {
    expect(html).not.toMatch(/<link|src=|href="http|@import|url\(/);
  });

  it('escapes everything the target sent', () => {
    expect(html).not.toContain('<script>alert');
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(html.match(/<script>/g)?.length).toBe(1);
  });

  it('shows each check with its requirement and collapsible evidence', () => {
    expect(html).toContain('A stream response MUST have status 200.');
    expect(html).toMatch(/<h2>Needs attention \(5\)<\/h2><details class="check attention" data-verdict="fail" open>/);
    expect(html).toMatch(/<details class="ex"><summary>1\. probe — POST \/v1\/aip\/invoke → 200/);
    expect(html).toContain('[+1.5 ms, 5 B]');
  });
});

describe('console', () => {
  it('prints no escape sequences without colour, and shows control characters from the target escaped', () => {
    const text = renderConsole(report, { color: false });
    expect(text).not.toContain('\u001b');
    expect(text).toContain('\\x1b[2J');
    expect(text).toMatch(/Failures \(3\)/);
    expect(text).toMatch(/Warnings \(2\)/);
    expect(text).toMatch(/Reproduce: curl -sS -i -N/);
    expect(text).toMatch(/Result: FAIL — 3 MUST-level failure\(s\) \(exit code 1\)/);
  });

  it('colours when asked', () => {
    expect(renderConsole(report, { color: true })).toMatch(/\u001b\[31m/);
  });
});
