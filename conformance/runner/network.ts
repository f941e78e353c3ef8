/**
 * What the runner does when the network, not the server, answered: a transport fault ends the
 * check as `untestable` with its cause (never `fail`); an idempotent GET is tried once more after
 * a reset; 429, and 503 with Retry-After, are waited out up to a bound. Every retry and wait is
 * recorded so the report can say so.
 */
import type { ProbeRequest, ProbeResponse, TransportFailureCode } from '../probe/index.ts';
import type { NetworkEvent } from '../report/schema.ts';
import { TransportFault } from '../types.ts';

/** Failures that the server's behaviour explains; the check judges them. Every other one is the network's or the kit's. */
const SERVER_FAULTS: ReadonlySet<TransportFailureCode> = new Set(['too-large', 'not-closed-after-terminal']);
/** Failures after which an idempotent request is worth one more try. */
const TRANSIENT: ReadonlySet<TransportFailureCode> = new Set(['reset', 'network', 'refused']);
const IDEMPOTENT = new Set(['GET', 'HEAD', 'OPTIONS']);
const MAX_WAITS = 3;

export interface NetworkPolicy {
  /** Longest single Retry-After the kit honours; a longer one makes the check untestable. */
  maxRetryAfterMs: number;
  signal?: AbortSignal;
}

/** Seconds or an HTTP date; undefined when absent or unreadable. */
export function retryAfterMs(value: string | undefined, now = Date.now()): number | undefined {
  if (value === undefined) return undefined;
  const v = value.trim();
  if (/^\d+$/.test(v)) return Number(v) * 1000;
  const at = Date.parse(v);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    const t = setTimeout(done, ms);
    function done() {
      clearTimeout(t);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });

const what = (req: ProbeRequest) => `${req.method} ${req.path}${req.label ? ` (${req.label})` : ''}`;

/**
 * Sends `req` under the policy. `record` receives each exchange (a retried attempt too, so the
 * evidence shows it) and `note` each retry or wait.
 */
export async function sendWithPolicy(
  send: (req: ProbeRequest) => Promise<ProbeResponse>,
  req: ProbeRequest,
  policy: NetworkPolicy,
  record: (res: ProbeResponse) => void,
  note: (event: NetworkEvent) => void,
): Promise<ProbeResponse> {
  let retried = false;
  for (let waits = 0; ; ) {
    const res = await send(req);
    record(res);
    const failure = res.failure;
    if (failure && !SERVER_FAULTS.has(failure.code) && !res.disconnected) {
      if (!retried && IDEMPOTENT.has(req.method) && TRANSIENT.has(failure.code) && !policy.signal?.aborted) {
        retried = true;
        note({ kind: 'retry', request: what(req), cause: failure.message });
        continue;
      }
      const advice =
        failure.code === 'over-budget'
          ? 'lower --concurrency'
          : 'rerun, or raise --idle-timeout / --first-byte-timeout / --timeout for a slow target';
      throw new TransportFault(
        `${what(req)} could not be completed: ${failure.message}. That is the network or a limit of the kit, not a verdict on the server${retried ? ' (the request was already retried once)' : ''}; ${advice}.`,
        failure.code,
      );
    }
    const limited = res.status === 429 || (res.status === 503 && res.headers['retry-after'] !== undefined);
    if (!limited) return res;
    const wait = retryAfterMs(res.headers['retry-after']) ?? 1000;
    if (wait > policy.maxRetryAfterMs || waits >= MAX_WAITS) {
      const after = res.headers['retry-after'] !== undefined ? ` and Retry-After: ${res.headers['retry-after']}` : '';
      const tried = waits > 0 ? ` after ${waits} wait(s)` : '';
      throw new TransportFault(
        `the target answered ${what(req)} with HTTP ${res.status}${after}${tried}; the kit waits at most ${MAX_WAITS} times and ${policy.maxRetryAfterMs} ms each (--max-retry-after), so this check could not be run against a rate-limited or unavailable target.`,
        `http-${res.status}`,
      );
    }
    waits++;
    note({ kind: 'wait', request: what(req), cause: `HTTP ${res.status}, waited ${wait} ms (Retry-After)` });
    await sleep(wait, policy.signal);
    if (policy.signal?.aborted) throw new TransportFault('the run was cancelled', 'aborted');
  }
}
