/**
 * aip-conformance: a thin shell over runConformance — parse arguments, run, render, write
 * files, set the exit code. Selection, verdicts and the exit code are decided elsewhere.
 */
import { integer, REPORT_FILE_OPTIONS, type ReportFiles, reportFiles } from './cli-args.ts';
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { KIT } from './kit.ts';
import { EXIT_UNUSABLE } from './report/exit-code.ts';
import { readBaselineFile } from './runner/baseline.ts';
import { type RunOptions, UsageError } from './types.ts';

/** The checks, runner and renderers, loaded only by the commands that use them: --help and --version start at once. */
const loadKit = () => import('./index.ts');

export const USAGE = `Usage: aip-conformance [options]          test an AIP endpoint
       aip-conformance list                list every check
       aip-conformance client [options]    test an AIP client (see: aip-conformance client --help)

Options:
  --url BASE             base URL of the endpoint (default: start the embedded reference server)
  --api-key KEY          API key (default: $AIP_API_KEY); required with --url
  --second-api-key KEY   key of another principal, for visibility checks (default: $AIP_API_KEY_2)
  --agent SLUG           agent to invoke (default: the conformance agent (spec §19) if the manifest marks one,
                         else the first streaming agent)
  --only PREFIX          run only checks whose id or requirement id starts with PREFIX (repeatable)
  --level LEVEL          minimum level to run: must, should or may (default: may, i.e. everything)
  --slow-checks          also run checks that take long by nature (AIP-STR-008 heartbeat: about 16 s)
  --timeout MS           cap on one whole exchange, in milliseconds (default 120000)
  --connect-timeout MS   connecting, TCP and TLS (default 10000)
  --first-byte-timeout MS  from a request sent to the first byte of its answer (default 60000)
  --idle-timeout MS      longest pause between bytes, sending or receiving (default 30000)
  --max-retry-after MS   longest Retry-After (429, or 503) waited out; longer is untestable (default 30000)
  --header 'NAME: VALUE' send this header with every request, e.g. for a gateway (repeatable);
                         authorization, cookie, *-key, *-token and *-secret values are redacted
  --max-invocations N    refuse to start if the selected checks would invoke agents more than N times
  --concurrency N        checks run at once (default 6)
  --baseline FILE        known failures: a JSON array of check ids, or one id per line (# comments)
  --json FILE            write the report as JSON (schema: schemas/conformance-report.json)
  --junit FILE           write a JUnit XML report
  --html FILE            write a self-contained HTML report
  --markdown FILE        write a short Markdown summary (e.g. $GITHUB_STEP_SUMMARY)
  -h, --help             show this help
  -V, --version          show the kit version

Exit codes: 0 no MUST-level failure · 1 a MUST-level failure or a stale baseline entry ·
            2 usage error, unreachable target or nothing tested
`;

export interface CliArgs {
  command: 'run' | 'list' | 'help' | 'version';
  options: RunOptions;
  baselineFile?: string;
  outputs: ReportFiles;
}

export function parseCliArgs(argv: string[], env: Record<string, string | undefined> = {}): CliArgs {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        url: { type: 'string' },
        'api-key': { type: 'string' },
        'second-api-key': { type: 'string' },
        agent: { type: 'string' },
        only: { type: 'string', multiple: true },
        level: { type: 'string' },
        'slow-checks': { type: 'boolean' },
        timeout: { type: 'string' },
        'connect-timeout': { type: 'string' },
        'first-byte-timeout': { type: 'string' },
        'idle-timeout': { type: 'string' },
        'max-retry-after': { type: 'string' },
        header: { type: 'string', multiple: true },
        'max-invocations': { type: 'string' },
        concurrency: { type: 'string' },
        baseline: { type: 'string' },
        ...REPORT_FILE_OPTIONS,
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'V' },
      },
    });
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const { values: v, positionals } = parsed;
  if (positionals.length > 1 || (positionals.length === 1 && positionals[0] !== 'list')) {
    throw new UsageError(`unknown command "${positionals.join(' ')}" (the commands are "list" and "client")`);
  }
  const level = v.level?.toLowerCase();
  if (level !== undefined && level !== 'must' && level !== 'should' && level !== 'may')
    throw new UsageError(`--level must be must, should or may (got "${v.level}")`);
  const apiKey = v['api-key'] ?? env.AIP_API_KEY;
  const secondApiKey = v['second-api-key'] ?? env.AIP_API_KEY_2;
  const options: RunOptions = {
    ...(v.url !== undefined ? { url: v.url } : {}),
    ...(apiKey ? { apiKey } : {}),
    ...(secondApiKey ? { secondApiKey } : {}),
    ...(v.agent !== undefined ? { agent: v.agent } : {}),
    ...(v.only ? { only: v.only } : {}),
    ...(level ? { level } : {}),
    ...(v['slow-checks'] ? { slowChecks: true } : {}),
    ...(v.timeout !== undefined ? { timeoutMs: integer('timeout', v.timeout) } : {}),
    ...(v.concurrency !== undefined ? { concurrency: integer('concurrency', v.concurrency) } : {}),
    ...(v['connect-timeout'] !== undefined
      ? { connectTimeoutMs: integer('connect-timeout', v['connect-timeout']) }
      : {}),
    ...(v['first-byte-timeout'] !== undefined
      ? { firstByteTimeoutMs: integer('first-byte-timeout', v['first-byte-timeout']) }
      : {}),
    ...(v['idle-timeout'] !== undefined ? { idleTimeoutMs: integer('idle-timeout', v['idle-timeout']) } : {}),
    ...(v['max-retry-after'] !== undefined
      ? { maxRetryAfterMs: integer('max-retry-after', v['max-retry-after']) }
      : {}),
    ...(v.header ? { headers: parseHeaders(v.header) } : {}),
    ...(v['max-invocations'] !== undefined ? { maxInvocations: integer('max-invocations', v['max-invocations']) } : {}),
  };
  const command = v.help ? 'help' : v.version ? 'version' : positionals[0] === 'list' ? 'list' : 'run';
  return {
    command,
    options,
    ...(v.baseline !== undefined ? { baselineFile: v.baseline } : {}),
    outputs: reportFiles(v),
  };
}

/** `--header 'Name: value'`, repeatable; a repeated name is sent once with the values joined. */
export function parseHeaders(specs: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const spec of specs) {
    const colon = spec.indexOf(':');
    if (colon <= 0) throw new UsageError(`--header needs 'Name: value' (got "${spec}")`);
    const name = spec.slice(0, colon).trim();
    const value = spec.slice(colon + 1).trim();
    const existing = Object.keys(out).find((k) => k.toLowerCase() === name.toLowerCase());
    if (existing) out[existing] = `${out[existing]}, ${value}`;
    else out[name] = value;
  }
  return out;
}

/** Every check with its level, section, profile, invocation cost and requirements; then the cost of a full run. */
async function listChecks(): Promise<string> {
  const { CHECKS, checkLevel, INVOCATIONS, invocationsOfRun } = await loadKit();
  const rows = CHECKS.map((c) => [
    c.id,
    checkLevel(c),
    `§${c.section}`,
    c.profile,
    `${INVOCATIONS.checks[c.id] ?? 0}×`,
    c.requirements.join(' '),
  ]);
  const widths = [0, 1, 2, 3, 4].map((i) => Math.max(...rows.map((r) => r[i]!.length)));
  const table = rows.map((r) => r.map((cell, i) => (i < 5 ? cell.padEnd(widths[i]!) : cell)).join('  ')).join('\n');
  const must = CHECKS.filter((c) => checkLevel(c) === 'MUST');
  return `${table}\n${CHECKS.length} checks; a full run invokes agents up to ${invocationsOfRun(CHECKS)} times (MUST only: ${invocationsOfRun(must)}); N× is what a check sends itself, shared fixtures add theirs once\n`;
}

export async function main(argv: string[], env: Record<string, string | undefined>): Promise<number> {
  if (argv[0] === 'client') return (await import('./client/cli.ts')).clientMain(argv.slice(1), env);
  let args: CliArgs;
  try {
    args = parseCliArgs(argv, env);
    if (args.baselineFile !== undefined) args.options.baseline = readBaselineFile(args.baselineFile);
  } catch (err) {
    process.stderr.write(`aip-conformance: ${(err as Error).message}\nRun "aip-conformance --help" for usage.\n`);
    return EXIT_UNUSABLE;
  }
  if (args.command === 'help') return print(USAGE);
  if (args.command === 'version') return print(`${KIT.name} ${KIT.version}\n`);
  if (args.command === 'list') return print(await listChecks());
  const { exitCodeOf, renderConsole, renderProgress, runConformance, writeReports } = await loadKit();

  const tty = process.stderr.isTTY === true;
  const color = process.stdout.isTTY === true && !('NO_COLOR' in env);
  const controller = new AbortController();
  const onSigint = () => controller.abort();
  process.once('SIGINT', onSigint);
  try {
    const report = await runConformance({
      ...args.options,
      signal: controller.signal,
      ...(tty
        ? {
            onResult: (r, done, total) =>
              process.stderr.write(`${renderProgress(r, done, total, { color: !('NO_COLOR' in env) })}\n`),
          }
        : {}),
    });
    writeReports(args.outputs, report);
    process.stdout.write(renderConsole(report, { color }));
    return exitCodeOf(report);
  } catch (err) {
    const usage = err instanceof UsageError;
    process.stderr.write(
      `aip-conformance: ${usage ? '' : 'the kit failed: '}${(err as Error).message}\n${usage ? 'Run "aip-conformance --help" for usage.\n' : ''}`,
    );
    return EXIT_UNUSABLE;
  } finally {
    process.off('SIGINT', onSigint);
  }
}

/** True when this file itself is the process entry (`tsx conformance/cli.ts`); the bin shim calls `main` instead. */
function startedDirectly(): boolean {
  const argv1 = process.argv[1];
  if (!argv1) return false;
  try {
    return realpathSync(argv1) === fileURLToPath(import.meta.url);
  } catch {
    return false;
  }
}

if (startedDirectly()) process.exitCode = await main(process.argv.slice(2), process.env);

function print(text: string): 0 {
  process.stdout.write(text);
  return 0;
}
