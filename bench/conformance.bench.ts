/**
 * How long a full conformance run takes against the local reference server (npm run bench:conformance).
 *
 * Starts the reference server once (in its own process) and runs the whole suite several times at the default
 * concurrency, then the same number of times at concurrency 1 (the baseline, measured in the
 * same process on the same machine), and finally times runs that include starting the embedded
 * server. Prints min and median of each, and the speed-up ratio. Target: under 5 s per full run.
 *
 *   npx tsx bench/conformance.bench.ts [--runs N]
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { DEFAULT_CONCURRENCY, runConformance, type Report } from '../conformance/index.ts';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '4' } } });
const RUNS = Math.max(1, Number(values.runs));
const TARGET_MS = 5_000;

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const fmt = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

async function timeRuns(label: string, run: () => Promise<Report>): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    const report = await run();
    times.push(performance.now() - t0);
    if (report.fatal) throw new Error(`${label}: ${report.fatal.message}`);
    process.stdout.write(`  ${label} #${i + 1}: ${fmt(times[i]!)} (${report.summary.total} checks)\n`);
  }
  return times;
}

/** The reference server in its own process (bin/aip-server.js), so kit and server do not share an event loop. */
async function startServer(apiKeys: string[]): Promise<{ url: string; stop: () => void }> {
  const bin = fileURLToPath(new URL('../bin/aip-server.js', import.meta.url));
  const child = spawn(
    process.execPath,
    [bin, '--port', '0', '--db', ':memory:', ...apiKeys.flatMap((k) => ['--api-key', k])],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const m = /listening on (\S+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    child.once('exit', (code) => reject(new Error(`aip-server exited with ${String(code)} before listening`)));
  });
  return { url, stop: () => child.kill('SIGTERM') };
}

const apiKey = `aipk_${randomBytes(16).toString('hex')}`;
const secondApiKey = `aipk_${randomBytes(16).toString('hex')}`;
const server = await startServer([apiKey, secondApiKey]);
const { url } = server;

console.log(`Node.js ${process.version} on ${process.platform}-${process.arch}`);
console.log(`Full conformance runs against ${url}, ${RUNS} runs each\n`);
let parallel: number[];
let serial: number[];
try {
  parallel = await timeRuns(`concurrency ${DEFAULT_CONCURRENCY}`, () => runConformance({ url, apiKey, secondApiKey }));
  serial = await timeRuns('concurrency 1', () => runConformance({ url, apiKey, secondApiKey, concurrency: 1 }));
} finally {
  server.stop();
}
const embedded = await timeRuns('embedded server, startup included', () => runConformance({}));

const rows: Array<[string, number[]]> = [
  [`concurrency ${DEFAULT_CONCURRENCY} (default)`, parallel],
  ['concurrency 1 (baseline)', serial],
  ['embedded, incl. server startup', embedded],
];
console.log('\nmode                              min       median');
for (const [name, xs] of rows) console.log(`${name.padEnd(34)}${fmt(Math.min(...xs)).padEnd(10)}${fmt(median(xs))}`);
console.log(
  `\nspeed-up of the default over concurrency 1 (median): ×${(median(serial) / median(parallel)).toFixed(2)}`,
);
console.log(
  `target < ${fmt(TARGET_MS)} per full run: ${median(parallel) < TARGET_MS ? 'met' : 'NOT met'} (median ${fmt(median(parallel))})`,
);
