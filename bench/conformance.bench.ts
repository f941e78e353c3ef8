/**
 * How fast the kit starts and how long a full conformance run takes (npm run bench:conformance, after a build).
 *
 * First the compiled CLI as a user runs it, each measured against a bare `node -e ''` started in the same loop (the
 * baseline): `aip-conformance --version` (start-up; target ≤ 3× bare node) and `aip-conformance` with no target
 * (a full self-test, embedded server included; target ≤ 1.5 s median). Then, in process, the whole suite against
 * the reference server in its own process at the default concurrency and at concurrency 1 (its baseline), and runs
 * that include starting the embedded server. Prints min and median of each, and the ratios.
 *
 *   npx tsx bench/conformance.bench.ts [--runs N]
 */
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { DEFAULT_CONCURRENCY, runConformance, type Report } from '../conformance/index.ts';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '4' } } });
const RUNS = Math.max(1, Number(values.runs));
const TARGET_MS = 5_000;
const START_RATIO_TARGET = 3;
const SELF_RUN_TARGET_MS = 1_500;

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

/** Wall time of one child process, from spawn to exit; a non-zero exit is a broken bench, not a slow one. */
function timeProcess(args: string[]): number {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, args, {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, NO_COLOR: '1' },
  });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`node ${args.join(' ')} exited with ${String(r.status)}: ${r.stderr.toString()}`);
  return ms;
}

const CLI = fileURLToPath(new URL('../bin/aip-conformance.js', import.meta.url));
const START_RUNS = Math.max(5, RUNS * 3);
const bare: number[] = [];
const start: number[] = [];
/** `list` loads the whole catalogue (checks, validators, TypeBox, Ajv), as every run does before its first request. */
const loaded: number[] = [];
for (let i = 0; i < START_RUNS; i++) {
  bare.push(timeProcess(['-e', '']));
  start.push(timeProcess([CLI, '--version']));
  loaded.push(timeProcess([CLI, 'list']));
}
const selfRuns: number[] = [];
for (let i = 0; i < RUNS; i++) {
  selfRuns.push(timeProcess([CLI]));
  process.stdout.write(`  aip-conformance (full self-test) #${i + 1}: ${fmt(selfRuns[i]!)}\n`);
}
const startRatio = median(start) / median(bare);
console.log(`\nCLI as a user runs it (${START_RUNS} starts, ${RUNS} full runs)`);
console.log('command                           min       median');
for (const [name, xs] of [
  ["node -e '' (baseline)", bare],
  ['aip-conformance --version', start],
  ['aip-conformance list', loaded],
  ['aip-conformance (full self-test)', selfRuns],
] as Array<[string, number[]]>)
  console.log(`${name.padEnd(34)}${fmt(Math.min(...xs)).padEnd(10)}${fmt(median(xs))}`);
console.log(
  `start-up: ×${startRatio.toFixed(2)} bare node (median) — target ≤ ×${START_RATIO_TARGET}: ${startRatio <= START_RATIO_TARGET ? 'met' : 'NOT met'}`,
);
console.log(`with every check loaded (list): ×${(median(loaded) / median(bare)).toFixed(2)} bare node (median)`);
console.log(
  `full self-test: median ${fmt(median(selfRuns))} — target ≤ ${fmt(SELF_RUN_TARGET_MS)}: ${median(selfRuns) <= SELF_RUN_TARGET_MS ? 'met' : 'NOT met'}\n`,
);

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
