/**
 * runConformance: select → discover the target → decide applicability → run checks (bounded
 * concurrency, memoised fixtures) → judge by registry level → apply the baseline → one Report.
 * Never prints or exits; the CLI renders the value it returns.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { AIP_VERSION } from '../../src/index.ts';
import { requirement } from '../../src/requirements/index.ts';
import { CHECKS, SECTION_TITLES } from '../checks/index.ts';
import { Probe, maskKey, redactDeep, createRedactor, stripCredentials } from '../probe/index.ts';
import type { CheckResult, ExchangeRecord, Level, Report } from '../report/schema.ts';
import { summarize } from '../report/summary.ts';
import { PreconditionError, UsageError, type Check, type Outcome, type RunOptions, type TargetInfo } from '../types.ts';
import { applyBaseline } from './baseline.ts';
import { RunState } from './context.ts';
import { startEmbedded, type EmbeddedTarget } from './embedded.ts';
import { mapPool } from './pool.ts';
import { selectChecks } from './select.ts';
import { judge, strongest } from './severity.ts';
import { describeAgent, discover } from './target.ts';
import { nearMissKeys } from '../probe/near-miss.ts';

export const DEFAULT_CONCURRENCY = 6;
export const DEFAULT_TIMEOUT_MS = 10_000;
/** At most this many exchanges are kept as evidence per result. */
const MAX_EXCHANGES = 8;

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
  name: string;
  version: string;
};
export const KIT = { name: pkg.name, version: pkg.version };

export function levelOf(id: string): Level {
  const r = requirement(id);
  if (!r) throw new Error(`the kit cites requirement ${id}, which is not in the registry (kit defect)`);
  return r.level;
}

export function checkLevel(check: Pick<Check, 'requirements'>): Level {
  return strongest(check.requirements.map(levelOf));
}

function validate(options: RunOptions): { timeoutMs: number; concurrency: number } {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const concurrency = options.concurrency ?? DEFAULT_CONCURRENCY;
  if (!Number.isInteger(timeoutMs) || timeoutMs < 100)
    throw new UsageError(`timeout must be an integer of at least 100 ms (got ${String(options.timeoutMs)})`);
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
  return { timeoutMs, concurrency };
}

export async function runConformance(options: RunOptions = {}): Promise<Report> {
  const { timeoutMs, concurrency } = validate(options);
  const catalogue = options.checks ?? CHECKS;
  const selected = selectChecks(catalogue, options.only, options.level, checkLevel);
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
    limits: { timeoutMs },
    signal: options.signal,
    concurrency,
  });
  const redact = createRedactor([apiKey, secondApiKey, ...nearMissKeys(apiKey)]);

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
        concurrency,
        ...(options.baseline ? { baseline: options.baseline } : {}),
      },
      startedAt: startedAt.toISOString(),
    };
    let results: CheckResult[] = [];
    if (!unreachable) {
      const state = new RunState(probe, target, runId, timeoutMs);
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
      ...(baseline ? { baseline } : {}),
      results,
    };
    return redactDeep(report, redact);
  } finally {
    probe.close();
    await embedded?.stop();
  }
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
    const kept = log.length > MAX_EXCHANGES ? [...log.slice(0, 2), ...log.slice(-(MAX_EXCHANGES - 2))] : log;
    result.evidence = {
      exchanges: kept,
      ...(log.length > kept.length ? { omittedExchanges: log.length - kept.length } : {}),
    };
  }
  return result;
}
