import { LEVELS, VERDICTS, type CheckResult, type ReportSummary, type Verdict } from './schema.ts';

const zero = () => Object.fromEntries(VERDICTS.map((v) => [v, 0])) as Record<Verdict, number>;

/** Verdicts that block a run at MUST level: the target failed, could not be tested, or the kit broke. */
export const BLOCKING_VERDICTS: readonly Verdict[] = ['fail', 'untestable', 'error'];

export function isBlocking(r: CheckResult): boolean {
  return r.level === 'MUST' && BLOCKING_VERDICTS.includes(r.verdict) && !r.baselined;
}

export function summarize(results: CheckResult[], sectionTitles: Record<string, string>): ReportSummary {
  const byVerdict = zero();
  const byLevel = Object.fromEntries(LEVELS.map((l) => [l, zero()])) as ReportSummary['byLevel'];
  const bySection: ReportSummary['bySection'] = {};
  for (const r of results) {
    byVerdict[r.verdict]++;
    byLevel[r.level][r.verdict]++;
    const s = (bySection[r.section] ??= {
      title: sectionTitles[r.section] ?? `Section ${r.section}`,
      total: 0,
      byVerdict: zero(),
    });
    s.total++;
    s.byVerdict[r.verdict]++;
  }
  return { total: results.length, byVerdict, byLevel, bySection, mustFailures: results.filter(isBlocking).length };
}
