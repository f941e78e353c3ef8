/**
 * runClientConformance: select scenarios → for each (bounded concurrency) start a scenario hub,
 * run the driver against it, judge transcript, exit code, requests and timing → one Report of
 * the same schema as server mode (`mode: "client"`). Never prints or exits.
 */
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { AIP_VERSION } from '../../src/index.ts';
import { requirement } from '../../src/requirements/index.ts';
import { createRedactor } from '../probe/index.ts';
import { toCurl } from '../probe/curl.ts';
import type { CheckResult, ExchangeRecord, Level, Report } from '../report/schema.ts';
import { summarize } from '../report/summary.ts';
import { applyBaseline } from '../runner/baseline.ts';
import { KIT } from '../kit.ts';
import { levelOf } from '../runner/index.ts';
import { mapPool } from '../runner/pool.ts';
import { matchesPrefix } from '../runner/select.ts';
import { atLeast, judge, strongest } from '../runner/severity.ts';
import { UsageError } from '../types.ts';
import { builtInDriverCommand } from './builtin.ts';
import { runDriver, type DriverRun } from './driver.ts';
import { startHub, type Exchange } from './hub.ts';
import { judgeHolds, judgeRequests, judgeTranscript, type Finding } from './judge.ts';
import { CHUNKING_TITLES, scenarios as catalogue, sectionTitles } from './scenarios.ts';
import type { ClientRunOptions, Scenario } from './types.ts';

export const DEFAULT_CLIENT_CONCURRENCY = 6;
export const DEFAULT_CLIENT_TIMEOUT_MS = 10_000;
const MIN_LEVEL = { must: 'MUST', should: 'SHOULD', may: 'MAY' } as const;

export function scenarioLevel(s: Pick<Scenario, 'requirements'>): Level {
  return strongest(s.requirements.map(levelOf));
}

export function selectScenarios(
  all: readonly Scenario[],
  only: string[] | undefined,
  level: 'must' | 'should' | 'may' | undefined,
): Scenario[] {
  if (level !== undefined && !(level in MIN_LEVEL))
    throw new UsageError(`level must be must, should or may (got ${String(level)})`);
  const prefixes = (only ?? []).map((p) => p.trim()).filter(Boolean);
  const picked = all.filter(
    (s) =>
      (prefixes.length === 0 || prefixes.some((p) => matchesPrefix(s, p))) &&
      (level === undefined || atLeast(scenarioLevel(s), MIN_LEVEL[level])),
  );
  if (picked.length === 0)
    throw new UsageError(
      `no scenario matches${prefixes.length ? ` --only ${prefixes.join(', ')}` : ''}${level ? ` at level ${level} or stronger` : ''}; run "aip-conformance client list" to see scenario and requirement ids`,
    );
  return picked;
}

const shellQuote = (s: string) => (/^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);

/** The one-line reproduction of a scenario, as the report prints it. */
export function reproduction(scenarioId: string, command: string | undefined): string {
  return `AIP_SCENARIO=${scenarioId} aip-conformance client${command === undefined ? '' : ` --command ${shellQuote(command)}`} --only ${scenarioId}`;
}

/** What the hub serves, in one sentence, for the report's `action`. */
function action(s: Scenario): string {
  const r = s.response;
  const kind = /event-stream/.test(r.headers['content-type'] ?? '') ? 'an event stream' : 'a body';
  const extras = [
    r.delayMs ? `after ${r.delayMs} ms of silence` : '',
    r.body.some((p) => typeof p !== 'string' && 'hold' in p) ? 'holding the stream open until the driver prints' : '',
    ...r.body.flatMap((p) => (typeof p !== 'string' && 'pauseMs' in p ? [`pausing ${p.pauseMs} ms`] : [])),
  ].filter(Boolean);
  return `Asks the driver for a ${s.request.endpoint} ${s.request.endpoint === 'hub' ? 'invoke' : 'invoke (X-AIP-Agent)'}; the hub answers ${r.status} with ${kind}, written ${CHUNKING_TITLES[s.chunking]}${extras.length ? `, ${extras.join(', ')}` : ''}.`;
}

function exchangeRecord(e: Exchange, hubUrl: string, redact: (t: string) => string): ExchangeRecord {
  const headers = Object.fromEntries(Object.entries(e.request.headers).map(([k, v]) => [k, redact(v)]));
  const url = `${hubUrl}${e.request.path}`;
  const stream = /event-stream/.test(e.headers['content-type'] ?? '');
  return {
    label: 'request the driver sent, and the bytes the hub served (times from the driver start)',
    request: {
      method: e.request.method,
      url,
      headers,
      body: redact(e.request.body.length > 64 * 1024 ? `${e.request.body.slice(0, 64 * 1024)}…` : e.request.body),
      bodyBytes: e.request.bodyBytes,
      ...(e.request.body.length > 64 * 1024 ? { bodyTruncated: true } : {}),
    },
    response: {
      status: e.status,
      headers: e.headers,
      bodyBytes: e.bodyBytes,
      chunks: e.chunks,
      ...(e.droppedChunks ? { droppedChunks: e.droppedChunks } : {}),
      totalMs: e.chunks.length ? e.chunks[e.chunks.length - 1]!.atMs : e.request.atMs,
    },
    curl: toCurl({
      method: e.request.method,
      url,
      headers: Object.fromEntries(
        Object.entries(e.request.headers).filter(([k]) => !['host', 'content-length', 'connection'].includes(k)),
      ),
      body: e.request.body,
      stream,
      secretHeaders: [{ name: 'x-api-key', env: 'AIP_API_KEY' }],
    }),
  };
}

interface Context {
  command: string;
  displayCommand: string | undefined;
  timeoutMs: number;
  signal?: AbortSignal;
  env: Record<string, string>;
  titles: Record<string, string>;
}

async function runScenario(s: Scenario, ctx: Context): Promise<CheckResult> {
  const t0 = performance.now();
  const apiKey = `aipk_test_${randomBytes(12).toString('hex')}`;
  const redact = createRedactor([apiKey]);
  let printedNow: () => void = () => undefined;
  const printed = new Promise<void>((resolve) => {
    printedNow = resolve;
  });
  let driverStart = performance.now();
  const hub = await startHub(s, printed, () => performance.now() - driverStart);
  let run: DriverRun;
  try {
    run = await runDriver({
      command: ctx.command,
      env: {
        ...ctx.env,
        AIP_BASE_URL: hub.url,
        AIP_API_KEY: apiKey,
        AIP_SCENARIO: s.id,
        AIP_REQUEST: JSON.stringify(s.request),
      },
      timeoutMs: ctx.timeoutMs,
      signal: ctx.signal,
      onStart: (start) => {
        driverStart = start;
      },
      onFirstLine: () => printedNow(),
    });
  } finally {
    await hub.close();
  }
  const transcript = judgeTranscript(s, run);
  const findings: Finding[] = [
    ...judgeRequests(s, hub.exchanges, apiKey),
    ...judgeHolds(hub.exchanges),
    ...transcript.findings,
  ];
  const requirementTexts = s.requirements.map((id) => {
    const r = requirement(id)!;
    return { id, level: r.level, section: r.section, text: r.text };
  });
  const violated = [...new Set(findings.flatMap((f) => f.violated))];
  const outcome =
    findings.length === 0
      ? ({ kind: 'pass' } as const)
      : ({ kind: 'violation', message: findings.map((f) => f.message).join(' '), violated } as const);
  const judgement = judge(outcome, s.requirements, levelOf);
  const result: CheckResult = {
    id: s.id,
    title: s.title,
    section: s.section,
    sectionTitle: ctx.titles[s.section],
    requirements: [...s.requirements],
    requirementTexts,
    level: scenarioLevel(s),
    verdict: judgement.verdict,
    durationMs: Math.round((performance.now() - t0) * 10) / 10,
    action: action(s),
  };
  if (outcome.kind === 'violation') {
    result.message = redact(outcome.message);
    if (judgement.violated) result.violated = judgement.violated;
    result.expected = transcript.summary;
    const exit = run.timedOut
      ? `killed after ${ctx.timeoutMs} ms (timeout)`
      : run.spawnError
        ? `not started: ${run.spawnError}`
        : `exit ${run.exitCode ?? `signal ${run.signal}`}`;
    const stderr = run.stderr.trim();
    result.actual = redact(
      [
        ...(transcript.diffLines.length ? transcript.diffLines : run.lines.map((l) => `  ${l.text}`)),
        exit,
        ...(stderr
          ? [
              'stderr:',
              ...stderr
                .split('\n')
                .slice(-20)
                .map((l) => `  ${l}`),
            ]
          : []),
      ].join('\n'),
    );
    result.evidence = {
      exchanges: hub.exchanges.slice(0, 8).map((e) => exchangeRecord(e, hub.url, redact)),
      ...(hub.exchanges.length > 8 ? { omittedExchanges: hub.exchanges.length - 8 } : {}),
      client: {
        command: redact(ctx.displayCommand ?? "(the kit's driver for aip-kit/client)"),
        exitCode: run.exitCode,
        signal: run.signal,
        timedOut: run.timedOut,
        durationMs: run.durationMs,
        printed: run.lines
          .slice(0, 200)
          .map((l) => ({ atMs: l.atMs, text: redact(l.text.length > 2000 ? `${l.text.slice(0, 2000)}…` : l.text) })),
        expected: transcript.expectedLines,
        diff: transcript.diffLines,
        stderr: redact(run.stderr),
        reproduce: reproduction(s.id, ctx.displayCommand),
      },
    };
  }
  return result;
}

export async function runClientConformance(options: ClientRunOptions = {}): Promise<Report> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_CLIENT_TIMEOUT_MS;
  const concurrency = options.concurrency ?? DEFAULT_CLIENT_CONCURRENCY;
  if (!Number.isInteger(timeoutMs) || timeoutMs < 500)
    throw new UsageError(`timeout must be an integer of at least 500 ms (got ${String(options.timeoutMs)})`);
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 32)
    throw new UsageError(`concurrency must be an integer from 1 to 32 (got ${String(options.concurrency)})`);
  if (options.command !== undefined && options.command.trim() === '')
    throw new UsageError('--command is empty; give the shell command that runs your driver');
  const all = options.scenarios ?? catalogue();
  const selected = selectScenarios(all, options.only, options.level);
  const startedAt = new Date();
  const t0 = performance.now();
  const command = options.command ?? (await builtInDriverCommand());
  const titles = sectionTitles();
  const ctx: Context = {
    command,
    displayCommand: options.command,
    timeoutMs,
    ...(options.signal ? { signal: options.signal } : {}),
    env: options.env ?? {},
    titles,
  };
  let done = 0;
  const results = await mapPool(selected, concurrency, async (s) => {
    const r = options.signal?.aborted
      ? ({
          id: s.id,
          title: s.title,
          section: s.section,
          requirements: [...s.requirements],
          level: scenarioLevel(s),
          verdict: 'untestable',
          durationMs: 0,
          message: 'Not run: the run was cancelled.',
        } satisfies CheckResult)
      : await runScenario(s, ctx);
    options.onResult?.(r, ++done, selected.length);
    return r;
  });
  const baseline = options.baseline
    ? applyBaseline(results, options.baseline, new Set(all.map((s) => s.id)), new Set(selected.map((s) => s.id)))
    : undefined;
  const report: Report = {
    $schema: 'https://schemas.aip-kit.org/0.1.0/conformance-report.json',
    reportVersion: 1,
    mode: 'client',
    kit: KIT,
    aipVersion: AIP_VERSION,
    runId: randomBytes(4).toString('hex'),
    target: { url: 'http://127.0.0.1', embedded: true, agent: null, manifest: null, claimedProfiles: [] },
    client: {
      command: options.command ?? "the kit's driver for aip-kit/client",
      builtIn: options.command === undefined,
    },
    options: {
      ...(options.only?.length ? { only: options.only } : {}),
      ...(options.level ? { level: options.level } : {}),
      timeoutMs,
      concurrency,
      ...(options.baseline ? { baseline: options.baseline } : {}),
    },
    startedAt: startedAt.toISOString(),
    durationMs: Math.round(performance.now() - t0),
    ...(options.signal?.aborted
      ? {
          fatal: {
            code: 'cancelled',
            message: 'The run was cancelled before it finished; its results are incomplete.',
          },
        }
      : {}),
    summary: summarize(results, titles),
    notApplicable: [],
    ...(baseline ? { baseline } : {}),
    results,
  };
  return report;
}

export { scenarios as clientScenarios, loadScenarios, sectionTitles as clientSectionTitles } from './scenarios.ts';
export type { ClientRunOptions, Scenario } from './types.ts';
