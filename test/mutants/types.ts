/**
 * The shape of a mutant: a deliberately broken (or deliberately unusual) variant of the reference
 * server, expressed as a handful of hooks the fault-injecting proxy applies per request. A mutant is
 * data plus small pure-ish functions; the proxy owns every socket.
 */

/** A request as the proxy received it (after the mutant's `request` hook, as it will be forwarded). */
export interface ProxyRequest {
  method: string;
  /** Path without the query. */
  path: string;
  query: URLSearchParams;
  /** Lowercase header names; repeated headers joined with ", ". */
  headers: Record<string, string>;
  body: Buffer;
  /** The body parsed as JSON, or undefined when it is empty or not JSON. */
  json: unknown;
}

/** An upstream answer read to the end. */
export interface BufferedResponse {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
  /** The body parsed as JSON, or undefined when it is not JSON. */
  json: unknown;
}

/** An answer the mutant makes up itself; a non-Buffer, non-string body is sent as JSON. */
export interface SyntheticResponse {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

export interface MutantContext {
  /** The kit's main key (for mutants that impersonate the caller). */
  apiKey: string;
  /** The key of the other principal the kit checks isolation with, when it has one. */
  secondApiKey?: string;
  /** Fresh per proxy instance: lets a mutant remember things across requests. */
  state: Map<string, unknown>;
  /** Sends `req` to the upstream server and reads the whole answer. */
  forward(req: ProxyRequest): Promise<BufferedResponse>;
  /** A side request to the upstream with the caller's credentials (same headers as `req`). */
  call(req: ProxyRequest, method: string, path: string, body?: unknown): Promise<BufferedResponse>;
}

/** One SSE event on the wire. `raw`, when set, is written verbatim instead of an encoding of the rest. */
export interface WireEvent {
  event?: string;
  data: string;
  id?: string;
  retry?: number;
  raw?: string | Buffer;
}

export interface StreamState {
  req: ProxyRequest;
  ctx: MutantContext;
  /** Upstream events seen so far, including the current one. */
  seen: WireEvent[];
  /** Events written to the client so far. */
  emitted: WireEvent[];
  vars: Map<string, unknown>;
}

/**
 * A stream rewrite. `event` maps each upstream event to what the client gets: `undefined` keeps it,
 * `null` or `[]` drops it, one event or a list replaces it. `end` runs when the upstream ends and
 * may append events.
 */
export interface EventRewrite {
  event?: (e: WireEvent, s: StreamState) => WireEvent | WireEvent[] | null | undefined;
  end?: (s: StreamState) => WireEvent[] | Promise<WireEvent[]>;
}

/** How the rewritten events are put on the wire. */
export interface Framing {
  /** Encodes one event; default: the project's LF encoder (`encodeEvent`). */
  encode?: (e: WireEvent, index: number) => string;
  /** Written before the first event (e.g. a BOM). */
  preamble?: string;
  /** Written after the last event, before the response ends. */
  trailer?: string;
  /** Splits the output into writes of at most this many bytes... */
  chunkBytes?: number;
  /** ...with this pause between them. */
  chunkDelayMs?: number;
  /** Holds every byte until the upstream ended, then writes it all at once. */
  buffered?: boolean;
  /** Keeps the response open this long after the last byte before ending it. */
  endDelayMs?: number;
}

export interface StreamFault {
  events?: EventRewrite;
  framing?: Framing;
  /** When the client leaves early, keep reading the upstream to its end instead of aborting it. */
  drainOnDisconnect?: boolean;
}

/** The result a negative proof expects: some check citing each requirement reports `verdict`. */
export interface Expectation {
  requirements: string[];
  verdict: 'fail' | 'warn';
}

export interface ResponseHead {
  status: number;
  headers: Record<string, string>;
}

export interface Mutant {
  name: string;
  /** The single fault, in one sentence. */
  fault: string;
  expect: Expectation;
  /**
   * Checks this fault breaks only indirectly: they must not report `fail` against their own
   * requirements, but `untestable` naming a red check as their root cause (or pass).
   */
  notBlamed?: string[];
  /** Selection passed to `runConformance({ only })` to keep the proof fast. */
  only?: string[];
  /** Which requests the hooks apply to; default: every request. */
  when?: (req: ProxyRequest) => boolean;
  /** Rewrites the request before it is forwarded. */
  request?: (req: ProxyRequest, ctx: MutantContext) => ProxyRequest | Promise<ProxyRequest>;
  /** Answers the request itself; `undefined` falls through to forwarding. */
  respond?: (
    req: ProxyRequest,
    ctx: MutantContext,
  ) => SyntheticResponse | undefined | Promise<SyntheticResponse | undefined>;
  /** Rewrites status and headers of a forwarded answer (JSON and streams alike). */
  head?: (head: ResponseHead, req: ProxyRequest) => ResponseHead;
  /** Rewrites the parsed JSON body of a forwarded successful (2xx) JSON answer. */
  json?: (body: any, req: ProxyRequest, ctx: MutantContext) => unknown;
  /** Replaces a forwarded error answer (status >= 400, read to the end); `undefined` keeps it. */
  error?: (
    res: BufferedResponse & { json: any },
    req: ProxyRequest,
    ctx: MutantContext,
  ) => SyntheticResponse | undefined | Promise<SyntheticResponse | undefined>;
  /** Rewrites a forwarded `text/event-stream` answer. */
  stream?: StreamFault;
}

/** A conformant but unusual variant: the warnings it may (and must) cause are listed exactly. */
export interface Variant extends Omit<Mutant, 'expect' | 'fault'> {
  /** What is unusual about it, in one sentence. */
  oddity: string;
  /**
   * Exactly the requirement ids that `warn` results may and must cite beyond the transparent
   * baseline's; any other warning, and any fail, error or MUST-level untestable, fails the test.
   */
  warns: string[];
}
