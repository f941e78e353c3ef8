/**
 * `aip-conformance client …`: a thin shell over runClientConformance — parse arguments, run,
 * render with the same renderers as server mode, write files, return the exit code.
 */
import { integer, REPORT_FILE_OPTIONS, type ReportFiles, reportFiles } from '../cli-args.ts';
import { parseArgs } from 'node:util';
import { EXIT_UNUSABLE, exitCodeOf, renderConsole, renderProgress, writeReports } from '../report/index.ts';
import { readBaselineFile } from '../runner/baseline.ts';
import { UsageError } from '../types.ts';
import { runClientConformance, scenarioLevel } from './index.ts';
import { scenarios } from './scenarios.ts';
import type { ClientRunOptions } from './types.ts';

export const CLIENT_USAGE = `Usage: aip-conformance client [options]   test an AIP client against the scenario hub
       aip-conformance client list         list every scenario

Options:
  --command CMD      shell command that runs your driver (see conformance/README.md, "Client mode");
                     default: the kit's own driver for aip-kit/client
  --only PREFIX      run only scenarios whose id or requirement id starts with PREFIX (repeatable);
                     $AIP_SCENARIO, when set, is one more prefix
  --level LEVEL      minimum level to run: must, should or may (default: may, i.e. everything)
  --timeout MS       bound on each driver run; the driver's process group is killed after it (default 10000)
  --concurrency N    drivers run at once (default 6)
  --baseline FILE    known failures: a JSON array of scenario ids, or one id per line (# comments)
  --json FILE        write the report as JSON (schema: schemas/conformance-report.json, mode "client")
  --junit FILE       write a JUnit XML report
  --html FILE        write a self-contained HTML report
  --markdown FILE    write a short Markdown summary (e.g. $GITHUB_STEP_SUMMARY)
  -h, --help         show this help

Exit codes: 0 no MUST-level failure · 1 a MUST-level failure or a stale baseline entry · 2 usage error
`;

interface ClientArgs {
  command: 'run' | 'list' | 'help';
  options: ClientRunOptions;
  baselineFile?: string;
  outputs: ReportFiles;
}

export function parseClientArgs(argv: string[], env: Record<string, string | undefined> = {}): ClientArgs {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        command: { type: 'string' },
        only: { type: 'string', multiple: true },
        level: { type: 'string' },
        timeout: { type: 'string' },
        concurrency: { type: 'string' },
        baseline: { type: 'string' },
        ...REPORT_FILE_OPTIONS,
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const { values: v, positionals } = parsed;
  if (positionals.length > 1 || (positionals.length === 1 && positionals[0] !== 'list'))
    throw new UsageError(`unknown client command "${positionals.join(' ')}" (the only one is "client list")`);
  const level = v.level?.toLowerCase();
  if (level !== undefined && level !== 'must' && level !== 'should' && level !== 'may')
    throw new UsageError(`--level must be must, should or may (got "${v.level}")`);
  const only = [...(v.only ?? []), ...(env.AIP_SCENARIO ? [env.AIP_SCENARIO] : [])];
  const options: ClientRunOptions = {
    ...(v.command !== undefined ? { command: v.command } : {}),
    ...(only.length ? { only } : {}),
    ...(level ? { level } : {}),
    ...(v.timeout !== undefined ? { timeoutMs: integer('timeout', v.timeout) } : {}),
    ...(v.concurrency !== undefined ? { concurrency: integer('concurrency', v.concurrency) } : {}),
  };
  return {
    command: v.help ? 'help' : positionals[0] === 'list' ? 'list' : 'run',
    options,
    ...(v.baseline !== undefined ? { baselineFile: v.baseline } : {}),
    outputs: reportFiles(v),
  };
}

export function listScenarios(): string {
  const all = scenarios();
  const rows = all.map((s) => [s.id, scenarioLevel(s), `§${s.section}`, s.requirements.join(' ')]);
  const widths = [0, 1, 2].map((i) => Math.max(...rows.map((r) => r[i]!.length)));
  return `${rows.map((r) => r.map((cell, i) => (i < 3 ? cell.padEnd(widths[i]!) : cell)).join('  ')).join('\n')}\n${all.length} scenarios\n`;
}

export async function clientMain(argv: string[], env: Record<string, string | undefined>): Promise<number> {
  let args: ClientArgs;
  try {
    args = parseClientArgs(argv, env);
    if (args.baselineFile !== undefined) args.options.baseline = readBaselineFile(args.baselineFile);
  } catch (err) {
    process.stderr.write(
      `aip-conformance client: ${(err as Error).message}\nRun "aip-conformance client --help" for usage.\n`,
    );
    return EXIT_UNUSABLE;
  }
  if (args.command === 'help') {
    process.stdout.write(CLIENT_USAGE);
    return 0;
  }
  if (args.command === 'list') {
    process.stdout.write(listScenarios());
    return 0;
  }
  const controller = new AbortController();
  const onSigint = () => controller.abort();
  process.once('SIGINT', onSigint);
  const noColor = 'NO_COLOR' in env;
  try {
    const report = await runClientConformance({
      ...args.options,
      signal: controller.signal,
      ...(process.stderr.isTTY
        ? {
            onResult: (r, done, total) =>
              process.stderr.write(`${renderProgress(r, done, total, { color: !noColor })}\n`),
          }
        : {}),
    });
    writeReports(args.outputs, report);
    process.stdout.write(renderConsole(report, { color: process.stdout.isTTY === true && !noColor }));
    return exitCodeOf(report);
  } catch (err) {
    const usage = err instanceof UsageError;
    process.stderr.write(
      `aip-conformance client: ${usage ? '' : 'the kit failed: '}${(err as Error).message}\n${usage ? 'Run "aip-conformance client --help" for usage.\n' : ''}`,
    );
    return EXIT_UNUSABLE;
  } finally {
    process.off('SIGINT', onSigint);
  }
}
