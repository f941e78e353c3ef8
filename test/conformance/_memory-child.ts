/**
 * Runs a whole conformance run in its own process and prints its peak RSS as JSON on stdout, so
 * a test can hold the runner's memory to a bound without measuring the test process itself.
 * Arguments: the target URL, the concurrency, and (optionally) the kit's entry module to import.
 */
import { pathToFileURL } from 'node:url';

const [url, concurrency = '6', entry = new URL('../../conformance/index.ts', import.meta.url).href] =
  process.argv.slice(2);
const kit = (await import(
  entry.startsWith('file:') ? entry : pathToFileURL(entry).href
)) as typeof import('../../conformance/index.ts');
const t0 = performance.now();
const report = await kit.runConformance({
  url,
  apiKey: 'aipk_memory_probe_key_0001',
  concurrency: Number(concurrency),
  timeoutMs: 5_000,
});
const verdicts: Record<string, number> = {};
for (const r of report.results) verdicts[r.verdict] = (verdicts[r.verdict] ?? 0) + 1;
process.stdout.write(
  `${JSON.stringify({
    peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
    durationMs: Math.round(performance.now() - t0),
    checks: report.results.length,
    verdicts,
    fatal: report.fatal?.code,
  })}\n`,
);
