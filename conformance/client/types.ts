/**
 * The vocabulary of client mode: a scenario is data (conformance/client/scenarios/*.json) that
 * says what the hub serves and what the driver must print; the runner turns it into a result.
 */
import type { CheckResult } from '../report/schema.ts';

export type Endpoint = 'hub' | 'portable';

/** `AIP_REQUEST`, exactly as the driver receives it. */
export interface DriverRequest {
  endpoint: Endpoint;
  agent: string;
  body: Record<string, unknown>;
}

/** One piece of a served body: text, or an instruction to the hub between two pieces. */
export type Segment =
  | string
  /** Waits until the driver has printed a line (or `maxMs` passed) before serving the rest. */
  | { hold: 'printed'; maxMs: number }
  /** Waits this long before serving the rest. */
  | { pauseMs: number };

/** How the served bytes are cut into writes. */
export type Chunking = 'whole' | 'bytes' | 'split' | 'blocks';

export interface ServedResponse {
  status: number;
  headers: Record<string, string>;
  /** Joined into the body; instruction segments are applied where they stand. */
  body: Segment[];
  /** Delay before the status line is written. */
  delayMs?: number;
}

/** One line a driver prints, as a scenario expects it. */
export type TranscriptLine =
  | { event: string; data: unknown }
  | { response: unknown }
  | { failure: { status: number | null; code: string | null } };

export interface Expectation {
  /** 0: the library reported success; 1: it reported a failure. */
  exit: 0 | 1;
  transcript: TranscriptLine[];
  /** Member names the served data carries that a library may drop (AIP-EXT-002). */
  optionalMembers?: string[];
}

/** What the hub judges about the requests it receives. */
export interface RequestRules {
  /** Judge method, path, headers and body of the invoke request (AIP-RCV-001…003). */
  shape?: boolean;
  /** Judge that repeats wait for Retry-After (AIP-RCV-004). */
  retryAfterMs?: number;
}

/** A scenario as written in a data file, before chunkings are expanded. */
export interface ScenarioSpec {
  id: string;
  title: string;
  requirements: string[];
  request: DriverRequest;
  response: ServedResponse;
  /** One scenario per chunking, with ids `<id>.<chunking>`; absent: one scenario served `whole`. */
  chunkings?: Chunking[];
  /** Inline, or `@name` for conformance/client/transcripts/<name>.json. */
  expect: Expectation | string;
  judge?: RequestRules;
}

export interface ScenarioFile {
  section: string;
  title: string;
  scenarios: ScenarioSpec[];
}

/** A runnable scenario: one chunking, transcript resolved, strings expanded. */
export interface Scenario {
  id: string;
  title: string;
  section: string;
  requirements: readonly string[];
  request: DriverRequest;
  response: ServedResponse;
  chunking: Chunking;
  expect: Expectation;
  judge: RequestRules;
}

export interface ClientRunOptions {
  /** The driver command, run through the shell; absent → the kit's own driver for aip-kit/client. */
  command?: string;
  only?: string[];
  level?: 'must' | 'should' | 'may';
  /** Per-scenario bound on the driver's run, in ms (default 10 000). */
  timeoutMs?: number;
  /** Drivers run at once (default 6). */
  concurrency?: number;
  baseline?: string[];
  signal?: AbortSignal;
  /** Runs these scenarios instead of the kit's catalogue (tests of the kit itself). */
  scenarios?: readonly Scenario[];
  onResult?: (result: CheckResult, done: number, total: number) => void;
  /** Extra environment for the driver (tests); the AIP_* variables always win. */
  env?: Record<string, string>;
}
