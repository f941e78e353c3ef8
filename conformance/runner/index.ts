/**
 * runConformance: select → discover the target → decide applicability → run checks (bounded
 * concurrency, memoised fixtures) → judge by registry level → apply the baseline → one Report.
 * Never prints or exits; the CLI renders the value it returns.
 */
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { AIP_VERSION } from '../../src/index.ts';
import { requirement } from '../../src/requirements/index.ts';
import { CHECKS, SECTION_TITLES } from '../checks/index.ts';
import { KIT } from '../kit.ts';
import {
  DEFAULT_LIMITS,
  Probe,
  maskKey,
  redactDeep,
  createRedactor,
  isSecretHeaderName,
  stripCredentials,
} from '../probe/index.ts';
import type { CheckResult, ExchangeRecord, Level, Report } from '../report/schema.ts';
import { summarize } from '../report/summary.ts';
import { PreconditionError, UsageError, type Check, type Outcome, type RunOptions, type TargetInfo } from '../types.ts';
import { applyBaseline } from './baseline.ts';
import { RunState } from './context.ts';
import { enforceBudget, invocationsOfRun } from './cost.ts';
import { notCovered } from './coverage.ts';
import { startEmbedded, type EmbeddedTarget } from './embedded.ts';
import { mapPool } from './pool.ts';
import { selectChecks } from './select.ts';
import { judge, strongest } from './severity.ts';
import { describeAgent, discover } from './target.ts';
import { nearMissKeys } from '../probe/near-miss.ts';

export const DEFAULT_CONCURRENCY = 6;
export const DEFAULT_TIMEOUT_MS = DEFAULT_LIMITS.timeoutMs;
export const DEFAULT_MAX_RETRY_AFTER_MS = 30_000;
/** At most this many exchanges are kept as evidence per result. */
const MAX_EXCHANGES = 8;

export function levelOf(id: string): Level {
  const r = requirement(id);
  if (!r) throw new Error(`the kit cites requirement ${id}, which is not in the registry (kit defect)`);
  return r.level;
}

export function checkLevel(check: Pick<Check, 'requirements'>): Level {
  return strongest(check.requirements.map(levelOf));
}

interface Settings {
  timeoutMs: number;
  connectTimeoutMs: number;
  firstByteTimeoutMs: number;
  idleTimeoutMs: number;
  maxRetryAfterMs: number;
  concurrency: number;
}

function millis(name: string, value: number | undefined, fallback: number, min = 100): number {
  const v = value ?? fallback;
  if (!Number.isInteger(v) || v < min)
    throw new UsageError(`${name} must be an integer of at least ${min} ms (got ${String(value)})`);
  return v;
}

/** A header name is an HTTP token; a value holds no line break (it would smuggle another header). */
function validateHeaders(headers: Record<string, string>): void {
  for (const [name, value] of Object.entries(headers)) {
    if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name))
      throw new UsageError(`--header: "${name}" is not a valid header name`);
    if (/[\r\n\0]/.test(value)) throw new UsageError(`--header ${name}: the value must not contain a line break`);
    if (name.toLowerCase() === 'x-api-key')
      throw new UsageError('--header X-API-Key: pass the AIP key with --api-key (it is sent and redacted as the key)');
  }
}

function validate(options: RunOptions): Settings {
  const timeoutMs = millis('timeout', options.timeoutMs, DEFAULT_TIMEOUT_MS);
  const concurrency = options.concurrency ?? DEFAULT_CONCURRENCY;
  const settings: Settings = {
    timeoutMs,
    connectTimeoutMs: millis('connect timeout', options.connectTimeoutMs, DEFAULT_LIMITS.connectTimeoutMs),
    firstByteTimeoutMs: millis('first-byte timeout', options.firstByteTimeoutMs, DEFAULT_LIMITS.firstByteTimeoutMs),
    idleTimeoutMs: millis('idle timeout', options.idleTimeoutMs, DEFAULT_LIMITS.idleTimeoutMs),
    maxRetryAfterMs: millis('max Retry-After', options.maxRetryAfterMs, DEFAULT_MAX_RETRY_AFTER_MS, 0),
    concurrency,
  };
  if (options.headers) validateHeaders(options.headers);
  if (options.maxInvocations !== undefined && (!Number.isInteger(options.maxInvocations) || options.maxInvocations < 0))
    throw new UsageError(`max invocations must be a whole number (got ${String(options.maxInvocations)})`);
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 64)
    throw new UsageError(`concurrency must be an integer from 1 to 64 (got ${String(options.concurrency)})`);
  if (options.url !== undefined) {
    let u: URL;
    try {
      u = new URL(options.url);
    } catch {
      throw new UsageError(`--url ${options.url} is not an absolute URL (expected e.g. https://api.example.com)`);
    }
    if (u.protocol !== 'http:' && u.protocol !== 'https:')
      throw new UsageError(`--url must be http(s) (got ${u.protocol})`);
    if (!options.apiKey)
      throw new UsageError('an API key is required to test a remote target: pass --api-key or set AIP_API_KEY');
    if (options.secondApiKey !== undefined && options.secondApiKey === options.apiKey)
      throw new UsageError('the second API key must belong to another principal, not repeat the first');
  }
  return settings;
}

export async function runConformance(options: RunOptions = {}): Promise<Report> {
  const settings = validate(options);
  const { timeoutMs, concurrency } = settings;
  const catalogue = options.checks ?? CHECKS;
  const selected = selectChecks(catalogue, options.only, options.level, checkLevel);
  const invocations =
    options.maxInvocations === undefined
      ? invocationsOfRun(selected)
      : enforceBudget(selected, catalogue, options.maxInvocations, checkLevel);
  const startedAt = new Date();
  const t0 = performance.now();
  const runId = randomBytes(4).toString('hex');

  let embedded: EmbeddedTarget | undefined;
  if (options.url === undefined) embedded = await startEmbedded(options.apiKey, options.secondApiKey);
  const baseUrl = options.url ?? embedded!.url;
  const apiKey = options.apiKey ?? embedded!.apiKey;
  const secondApiKey = options.secondApiKey ?? embedded?.secondApiKey;
  const probe = new Probe({
    baseUrl,
    apiKey,
    secondApiKey,
    limits: {
      timeoutMs,
      connectTimeoutMs: settings.connectTimeoutMs,
      firstByteTimeoutMs: settings.firstByteTimeoutMs,
      idleTimeoutMs: settings.idleTimeoutMs,
    },
    signal: options.signal,
    concurrency,
    ...(options.headers ? { headers: options.headers } : {}),
  });
  const secretHeaderValues = Object.entries(options.headers ?? {})
    .filter(([name]) => isSecretHeaderName(name))
    .map(([, value]) => value);
  const redact = createRedactor([apiKey, secondApiKey, ...nearMissKeys(apiKey), ...secretHeaderValues]);

  try {
    const { target, unreachable } = await discover(
      probe,
      stripCredentials(baseUrl),
      embedded !== undefined,
      options.agent,
      secondApiKey !== undefined,
    );
    target.slowChecks = options.slowChecks === true;
    const base = {
      kit: KIT,
      runId,
      options: {
        ...(options.url !== undefined ? { url: stripCredentials(options.url) } : {}),
        ...(options.apiKey !== undefined ? { apiKey: maskKey(options.apiKey) } : {}),
        ...(options.secondApiKey !== undefined ? { secondApiKey: maskKey(options.secondApiKey) } : {}),
        ...(options.agent !== undefined ? { agent: options.agent } : {}),
        ...(options.only?.length ? { only: options.only } : {}),
        ...(options.level ? { level: options.level } : {}),
        timeoutMs,
        connectTimeoutMs: settings.connectTimeoutMs,
        firstByteTimeoutMs: settings.firstByteTimeoutMs,
        idleTimeoutMs: settings.idleTimeoutMs,
        maxRetryAfterMs: settings.maxRetryAfterMs,
        ...(options.headers
          ? {
              headers: Object.fromEntries(
                Object.entries(options.headers).map(([k, v]) => [k, isSecretHeaderName(k) ? maskKey(v) : v]),
              ),
            }
          : {}),
        ...(options.maxInvocations !== undefined ? { maxInvocations: options.maxInvocations } : {}),
        concurrency,
        ...(options.baseline ? { baseline: options.baseline } : {}),
      },
      startedAt: startedAt.toISOString(),
    };
    let results: CheckResult[] = [];
    let network: RunState['network'] = [];
    if (!unreachable) {
      const state = new RunState(probe, target, runId, timeoutMs, {
        maxRetryAfterMs: settings.maxRetryAfterMs,
        signal: options.signal,
      });
      network = state.network;
      let done = 0;
      // Checks that wait by design start first, so their waiting overlaps the rest of the run;
      // results keep catalogue order.
      const startOrder = [...selected.keys()].sort(
        (a, b) => Number(selected[b]!.waits === true) - Number(selected[a]!.waits === true),
      );
      const finished = await mapPool(startOrder, concurrency, async (i) => {
        const r = await runCheck(selected[i]!, state, timeoutMs);
        options.onResult?.(redactDeep(r, redact), ++done, selected.length);
        return r;
      });
      results = new Array<CheckResult>(selected.length);
      startOrder.forEach((i, k) => {
        results[i] = finished[k]!;
      });
    }
    const baseline = options.baseline
      ? applyBaseline(
          results,
          options.baseline,
          new Set(catalogue.map((c) => c.id)),
          new Set(selected.map((c) => c.id)),
        )
      : undefined;
    const report: Report = {
      $schema: 'https://schemas.aip-kit.org/0.1.0/conformance-report.json',
      reportVersion: 1,
      mode: 'server',
      aipVersion: AIP_VERSION,
      ...base,
      target: targetSummary(target),
      durationMs: Math.round(performance.now() - t0),
      ...(unreachable
        ? { fatal: { code: 'target_unreachable', message: unreachable.message, hint: unreachable.hint } }
        : options.signal?.aborted
          ? {
              fatal: {
                code: 'cancelled',
                message: 'The run was cancelled before it finished; its results are incomplete.',
              },
            }
          : {}),
      summary: summarize(results, SECTION_TITLES),
      notApplicable: results
        .filter((r) => r.verdict === 'not_applicable')
        .map((r) => ({ id: r.id, reason: r.message ?? '' })),
      invocations,
      notCovered: notCovered(catalogue),
      ...(network.length > 0 ? { network } : {}),
      ...(baseline ? { baseline } : {}),
      results,
    };
    return redactDeep(report, redact);
  } finally {
    probe.close();
    await embedded?.stop();
  }
}

/**
 * At most MAX_EXCHANGES exchanges, in the order they were sent: the ones that produced the finding
 * always, then the first two and the last ones of the rest.
 */
function keepExchanges(log: ExchangeRecord[], culprits: ExchangeRecord[]): ExchangeRecord[] {
  if (log.length <= MAX_EXCHANGES) return log;
  const keep = new Set(culprits.slice(0, MAX_EXCHANGES));
  for (const ex of log.slice(0, 2)) if (keep.size < MAX_EXCHANGES) keep.add(ex);
  for (let i = log.length - 1; i >= 0 && keep.size < MAX_EXCHANGES; i--) keep.add(log[i]!);
  return log.filter((ex) => keep.has(ex));
}

function targetSummary(t: TargetInfo): Report['target'] {
  const m = t.manifest;
  const platform =
    m && typeof m.platform === 'object' && m.platform
      ? (m.platform as { name?: unknown; version?: unknown })
      : undefined;
  return {
    url: t.baseUrl,
    embedded: t.embedded,
    agent: t.agent ?? null,
    agentReason: describeAgent(t),
    manifest: m
      ? {
          ...(typeof m.aip_version === 'string' ? { aipVersion: m.aip_version } : {}),
          ...(platform && typeof platform.name === 'string'
            ? {
                platform: {
                  name: platform.name,
                  ...(typeof platform.version === 'string' ? { version: platform.version } : {}),
                },
              }
            : {}),
          agents: t.agents.map((a) => ({ id: a.id, ...(typeof a.stream === 'boolean' ? { stream: a.stream } : {}) })),
        }
      : null,
    claimedProfiles: t.profiles,
  };
}

function notApplicableReason(check: Check, target: TargetInfo): string | undefined {
  if (check.profile === 'hub' && !target.profiles.includes('hub') && !target.manifestProblem) {
    return `NOT APPLICABLE: the target's manifest does not claim the "hub" profile (profiles: ${JSON.stringify(target.profiles)}), so this hub check was not run. If you serve /v1/aip, list "hub" in the manifest's profiles.`;
  }
  const reason = check.applies?.(target);
  return reason === undefined ? undefined : `NOT APPLICABLE: ${reason}`;
}

async function runCheck(check: Check, state: RunState, timeoutMs: number): Promise<CheckResult> {
  const t0 = performance.now();
  const log: ExchangeRecord[] = [];
  const base = {
    id: check.id,
    title: check.title,
    section: check.section,
    sectionTitle: SECTION_TITLES[check.section],
    profile: check.profile,
    requirements: [...check.requirements],
    action: check.action,
  };
  let level: Level;
  let requirementTexts: CheckResult['requirementTexts'];
  try {
    level = checkLevel(check);
    requirementTexts = check.requirements.map((id) => {
      const r = requirement(id)!;
      return { id, level: r.level, section: r.section, text: r.text };
    });
  } catch (err) {
    return { ...base, level: 'MUST', verdict: 'error', durationMs: 0, message: (err as Error).message };
  }
  let outcome: Outcome;
  let harnessError: string | undefined;
  const na = notApplicableReason(check, state.target);
  if (na !== undefined) outcome = { kind: 'not_applicable', message: na };
  else if (check.profile === 'hub' && state.target.manifestProblem && !state.target.profiles.includes('hub')) {
    outcome = {
      kind: 'untestable',
      message: `Not testable: could not learn whether the target claims the "hub" profile because ${state.target.manifestProblem}.`,
    };
  } else {
    const guardMs = timeoutMs * 6 + 2_000;
    let guard: NodeJS.Timeout | undefined;
    try {
      outcome = await Promise.race([
        check.run(state.context(log)),
        new Promise<never>((_, reject) => {
          guard = setTimeout(
            () => reject(new Error(`the check did not finish within ${guardMs} ms (kit guard)`)),
            guardMs,
          );
        }),
      ]);
    } catch (err) {
      if (err instanceof PreconditionError)
        outcome = {
          kind: 'untestable',
          message: `Not testable: ${err.message}`,
          ...(err.rootCause !== undefined ? { rootCause: err.rootCause } : {}),
        };
      else {
        harnessError = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
        outcome = { kind: 'untestable', message: harnessError };
      }
    } finally {
      clearTimeout(guard);
    }
  }
  const judgement = judge(outcome, check.requirements, levelOf);
  const verdict = harnessError !== undefined ? 'error' : judgement.verdict;
  const result: CheckResult = {
    ...base,
    requirementTexts,
    level,
    verdict,
    durationMs: Math.round((performance.now() - t0) * 10) / 10,
  };
  if (harnessError !== undefined) result.message = `The kit failed while running this check: ${harnessError}`;
  else if (outcome.kind !== 'pass' || outcome.message) result.message = outcome.message;
  if (outcome.kind === 'untestable' && outcome.rootCause !== undefined) result.rootCause = outcome.rootCause;
  if (outcome.kind === 'violation') {
    if (outcome.expected !== undefined) result.expected = outcome.expected;
    if (outcome.actual !== undefined) result.actual = outcome.actual;
    if (judgement.violated) result.violated = judgement.violated;
  }
  if (verdict !== 'pass' && verdict !== 'not_applicable' && log.length > 0) {
    const culprits = outcome.kind === 'violation' ? (outcome.exchanges ?? []).filter((ex) => log.includes(ex)) : [];
    const kept = keepExchanges(log, culprits);
    result.evidence = {
      exchanges: kept,
      ...(log.length > kept.length ? { omittedExchanges: log.length - kept.length } : {}),
    };
    if (culprits.length > 0) result.reproduce = [...new Set(culprits)].map((ex) => kept.indexOf(ex));
  }
  return result;
}
