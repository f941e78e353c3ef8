/** The Markdown summary on a hand-made report holding every verdict and hostile text from a target. */
import { describe, expect, it } from 'vitest';
import { parseCliArgs } from '../../conformance/cli.ts';
import { type CheckResult, type Report, renderMarkdown, SECTION_TITLES, summarize } from '../../conformance/index.ts';

const HOSTILE =
  'evil <img src=x onerror=alert(1)> [link](http://evil.test) **bold** | cell ```fence``` \u001b[2J\nsecond line';

const result = (
  id: string,
  verdict: CheckResult['verdict'],
  level: CheckResult['level'] = 'MUST',
  extra: Partial<CheckResult> = {},
): CheckResult => ({
  id,
  title: `title of ${id}`,
  section: '10',
  requirements: ['AIP-STR-001', 'AIP-STR-002'],
  level,
  verdict,
  durationMs: 3,
  ...(verdict === 'pass' ? {} : { message: `${verdict}: ${HOSTILE}` }),
  ...extra,
});

const curl = "curl -sS -i 'http://t.test/v1/aip/invoke' -H 'X-API-Key: $AIP_API_KEY' --data-binary '```x```'";
const RESULTS: CheckResult[] = [
  result('kit.pass', 'pass'),
  result('kit.fail', 'fail', 'MUST', {
    violated: ['AIP-STR-002'],
    evidence: {
      exchanges: [
        {
          request: { method: 'POST', url: 'http://t.test/v1/aip/invoke', headers: {}, bodyBytes: 0 },
          curl,
        },
      ],
    },
  }),
  result('kit.baselined', 'fail', 'MUST', { baselined: true }),
  result('kit.warn', 'warn', 'SHOULD'),
  result('kit.na', 'not_applicable', 'MUST', { message: 'NOT APPLICABLE: no hub' }),
  result('kit.untestable-must', 'untestable', 'MUST'),
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
  durationMs: 1234,
  summary: summarize(RESULTS, SECTION_TITLES),
  notApplicable: [{ id: 'kit.na', reason: 'NOT APPLICABLE: no hub' }],
  results: RESULTS,
};

describe('Markdown summary', () => {
  const md = renderMarkdown(report);

  it('leads with the verdict and the exit code', () => {
    expect(md.split('\n')[0]).toBe('## AIP conformance: ❌ FAIL — 3 MUST-level failure(s)');
    expect(md).toContain('· exit code 1');
    expect(md).toContain('7 checks in 1.2 s');
  });

  it('counts by level and by section', () => {
    expect(md).toContain('| Level | PASS | FAIL | WARN | UNTESTABLE | ERROR | N/A |');
    expect(md).toContain('| MUST | 1 | 2 | · | 1 | 1 | 1 |');
    expect(md).toContain('| SHOULD | · | · | 1 | · | · | · |');
    expect(md).toMatch(/\| §10 [^|]+ \| 1 \| 2 \| 1 \| 1 \| 1 \| 1 \|/);
  });

  it('lists each failure once, with its requirement ids, a one-line problem and a reproducer', () => {
    expect(md).toContain('### Failures (4)');
    expect(md).toMatch(/^- \*\*FAIL\*\* `kit\.fail` — AIP-STR-002 \(MUST, §10\): fail: evil /m);
    expect(md).toMatch(/^- \*\*FAIL \(baselined\)\*\* `kit\.baselined` — AIP-STR-001, AIP-STR-002/m);
    expect(md).toMatch(/^- \*\*UNTESTABLE\*\* `kit\.untestable-must`/m);
    expect(md).toMatch(/^- \*\*ERROR\*\* `kit\.error`/m);
    expect(md).toContain('### Warnings (1)');
    expect(md).toContain(`  \`\`\`\`sh\n  ${curl}\n  \`\`\`\``);
    expect(md).toContain('- `kit.na`: no hub');
  });

  it('keeps what the target sent inert: no HTML, links, emphasis, table cells, fences or control characters', () => {
    const problem = md.split('\n').find((l) => l.includes('`kit.error`'))!;
    expect(problem).not.toMatch(/<img|[^\\]\]\(|[^\\]\*\*bold|[^\\]\|/);
    expect(problem).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(problem).toContain('\\\\x1b\\[2J second line');
    expect(md).not.toContain('\u001b');
  });

  it('says NOT TESTED with the reason when the run could not test', () => {
    const fatal = renderMarkdown({ ...report, fatal: { code: 'unreachable', message: 'cannot reach <x>' } });
    expect(fatal).toMatch(/^## AIP conformance: ⚠️ NOT TESTED\n/);
    expect(fatal).toContain('**cannot reach &lt;x&gt;**');
    expect(fatal).not.toContain('| Level |');
  });

  it('is written by --markdown FILE', () => {
    expect(parseCliArgs(['--markdown', 'out/summary.md']).outputs).toEqual({ markdown: 'out/summary.md' });
  });
});
