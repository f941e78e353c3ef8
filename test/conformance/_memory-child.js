/**
 * Runs a whole conformance run in its own process, as users run the kit (the compiled package under
 * plain node, no TypeScript loader), and prints its peak RSS as JSON on stdout, so a test can hold
 * the runner's memory to a bound without measuring the test process itself.
 * Arguments: the target URL and the concurrency.
 */
const [url, concurrency = '6'] = process.argv.slice(2);
const kit = await import('aip-kit/conformance');
const t0 = performance.now();
const report = await kit.runConformance({
  url,
  apiKey: 'aipk_memory_probe_key_0001',
  concurrency: Number(concurrency),
  timeoutMs: 5_000,
});
const verdicts = {};
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
