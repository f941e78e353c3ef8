/**
 * The vocabulary of the kit: what a check is, what it returns, and what it can use.
 * Checks are data plus one async function; they never print, exit or decide severity —
 * the runner derives the verdict from the registry level in one place (runner/severity.ts).
 */
import type { AgentManifest } from '../src/index.ts';
import type { ProbeRequest, ProbeResponse } from './probe/index.ts';
import type { Level, Verdict, CheckResult, ExchangeRecord, Report } from './report/schema.ts';

export type { Level, Verdict, CheckResult, Report };

export type Profile = 'core' | 'hub';

export interface RunOptions {
  /** Base URL of the target; absent → the kit starts its embedded reference server. */
  url?: string;
  apiKey?: string;
  /**
   * A key of a second principal. Only with it can the kit check that sessions and blocks are
   * invisible to other principals (AIP-AUTH-004/005); without it those checks are not applicable.
   */
  secondApiKey?: string;
  /**
   * Agent slug the checks invoke; default the conformance agent (spec §19) if the manifest marks
   * one, else the first streaming agent. Behaviour only the conformance agent can show on request
   * (failures, pacing) is always asked of the conformance agent, whichever agent this names.
   */
  agent?: string;
  /** Keep only checks whose id or one of whose requirement ids starts with one of these prefixes. */
  only?: string[];
  /** Minimum level of the checks to run. */
  level?: 'must' | 'should' | 'may';
  /** Cap on one whole exchange, in ms (default 120 000). */
  timeoutMs?: number;
  /** Connecting (TCP and TLS), in ms (default 10 000). */
  connectTimeoutMs?: number;
  /** From a request being sent to the first byte of its answer, in ms (default 60 000: a model may think long). */
  firstByteTimeoutMs?: number;
  /** Longest pause between bytes while sending or receiving, in ms (default 30 000). */
  idleTimeoutMs?: number;
  /** Longest Retry-After (on 429, or 503) the kit waits out, in ms (default 30 000); longer makes a check untestable. */
  maxRetryAfterMs?: number;
  /** Extra headers sent with every request (gateways); secret-looking names are redacted like the key. */
  headers?: Record<string, string>;
  /** Refuse to start when the selected checks declare more agent invocations than this. */
  maxInvocations?: number;
  /** Checks run at once (default 6). */
  concurrency?: number;
  /**
   * Also run checks that take long by nature (the 16 s heartbeat check, AIP-STR-008); without
   * it they are reported not applicable with this option named.
   */
  slowChecks?: boolean;
  /** Check ids of known failures (see runner/baseline.ts). */
  baseline?: string[];
  signal?: AbortSignal;
  /** Runs these checks instead of the kit's catalogue (tests of the kit itself). */
  checks?: readonly Check[];
  /** Called as each check finishes (progress display). */
  onResult?: (result: CheckResult, done: number, total: number) => void;
}

/** What the runner learned about the target before running checks. */
export interface TargetInfo {
  baseUrl: string;
  embedded: boolean;
  /** The platform manifest as served, when it could be read as a JSON object. */
  manifest?: Record<string, unknown>;
  manifestProblem?: string;
  profiles: string[];
  agents: AgentManifest[];
  /** The agent the checks invoke, if any could be chosen. */
  agent?: string;
  agentReason: string;
  /** Whether `agent` advertises `stream: true`. */
  agentStreams: boolean;
  /** The slug of the agent the manifest marks `"conformance": true` (spec §19), if any. */
  conformanceAgent?: string;
  /** Event names of the chosen agent's first portable stream, once a check has read it. */
  firstStream?: string[];
  hasAgent(slug: string): boolean;
  /** Whether the run has a second principal's key. */
  secondPrincipal: boolean;
  /** Whether checks that take long by nature were asked for (RunOptions.slowChecks). */
  slowChecks: boolean;
}

export type Outcome =
  | { kind: 'pass'; message?: string }
  | {
      kind: 'violation';
      message: string;
      expected?: string;
      actual?: string;
      violated?: string[];
      /** The exchanges that produced the first finding, as steps in order (the reproducer). */
      exchanges?: ExchangeRecord[];
    }
  | { kind: 'untestable'; message: string; rootCause?: string }
  | { kind: 'not_applicable'; message: string };

/** A memoised capture shared by many checks (one stream, one JSON invoke, one session…). */
export interface Fixture<T> {
  name: string;
  create(ctx: FixtureContext): Promise<T>;
}

export interface FixtureContext {
  runId: string;
  target: TargetInfo;
  send(req: ProbeRequest): Promise<ProbeResponse>;
  use<T>(fixture: Fixture<T>): Promise<T>;
  /** A name no earlier run used, for resources the kit creates. */
  unique(purpose: string): string;
  /** True when `text` contains one of the run's API keys (checks never see the keys themselves). */
  containsKey(text: string): boolean;
}

export interface CheckContext extends FixtureContext {
  timeoutMs: number;
}

export interface Check {
  /** Stable kebab slug, e.g. "stream.first-event-is-start"; never reused for another meaning. */
  id: string;
  title: string;
  /** Spec section number of the file it lives in, e.g. "11". */
  section: string;
  /** Registry ids verified; the check's level is the strongest of them. */
  requirements: readonly string[];
  profile: Profile;
  /** What the kit sends, in one sentence. */
  action: string;
  /** True when the check waits seconds by design (a hang-up, a heartbeat): the runner starts it first. */
  waits?: boolean;
  /** A reason the check does not apply to this target (beyond the profile), or undefined. */
  applies?(target: TargetInfo): string | undefined;
  run(ctx: CheckContext): Promise<Outcome>;
}

/** A check as its file writes it: the file's name gives its section (checks/_section.ts). */
export type CheckSpec = Omit<Check, 'section'>;

/** Thrown (by fixtures or checks) when a precondition fails: the check becomes `untestable`. */
export class PreconditionError extends Error {
  override readonly name = 'PreconditionError';
  /**
   * The id of the check whose requirement, broken by the target, broke this precondition: the
   * reports list this check beneath that one, as a consequence rather than a second fault.
   */
  readonly rootCause?: string;
  constructor(message: string, options: { rootCause?: string } = {}) {
    super(message);
    if (options.rootCause !== undefined) this.rootCause = options.rootCause;
  }
}

/**
 * Thrown by `send` when the network, not the server, decided the exchange: a reset, a timeout, a
 * refused connection, a cancelled run, or a rate limit that outlasted the kit's patience. The check
 * becomes `untestable` with this cause; a transport fault is never reported as the server's failure.
 */
export class TransportFault extends PreconditionError {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
  }
}

/** Thrown by `runConformance` for invalid options; the CLI exits 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}
