/**
 * The probe: sends one request to the target under hard limits and returns what came back
 * together with a bounded, redacted evidence record and a curl reproducer.
 */
import http from 'node:http';
import { type NearMiss, nearMissKey, nearMissKeys } from './near-miss.ts';
import https from 'node:https';
import { setMaxListeners } from 'node:events';
import { StringDecoder } from 'node:string_decoder';
import type { ChunkRecord, ExchangeRecord } from '../report/schema.ts';
import { toCurl } from './curl.ts';
import { DEFAULT_LIMITS, type ProbeLimits } from './limits.ts';
import { createRedactor, maskKey, redactDeep, redactHeaders, stripCredentials, type Redactor } from './redact.ts';
import { createCapture, type StreamCapture } from './sse-capture.ts';
import { transport, type TransportFailure } from './transport.ts';

export const API_KEY_HEADER = 'X-API-Key';

export interface ProbeRequest {
  method: string;
  /** Path (with query) below the base URL, e.g. "/v1/aip/sessions?limit=1". */
  path: string;
  headers?: Record<string, string>;
  /** Serialised as JSON with `Content-Type: application/json` unless a content type is given. */
  json?: unknown;
  /** A raw body, sent as is. */
  body?: string | Buffer;
  /** For huge bodies: a shell pipeline that produces the body in the curl reproducer. */
  bodyShell?: string;
  /** Ends the exchange (a client disconnect) as soon as this returns true for the stream so far. */
  disconnectWhen?: (capture: StreamCapture) => boolean;
  /** 'key' (default) sends the run's key; 'second' the second principal's; 'none' no key; `{key}` that key. */
  /** `{nearMiss}`: a key that differs from the run's key only slightly (see near-miss.ts). */
  auth?: 'key' | 'second' | 'none' | { key: string } | { nearMiss: NearMiss };
  label?: string;
  timeoutMs?: number;
}

export interface ProbeResponse {
  /** Undefined when no response arrived (see failure). */
  status?: number;
  headers: Record<string, string>;
  body: Buffer;
  text: string;
  utf8Valid: boolean;
  json?: unknown;
  jsonError?: string;
  /** Present when the response is `text/event-stream`. */
  stream?: StreamCapture;
  /** True when the server ended the body itself. */
  ended: boolean;
  /** True when the kit hung up on purpose (disconnectWhen). */
  disconnected: boolean;
  failure?: TransportFailure;
  headersMs?: number;
  totalMs: number;
  exchange: ExchangeRecord;
}

export interface ProbeOptions {
  baseUrl: string;
  apiKey?: string;
  /** A key of a second principal (cross-principal visibility checks); shown in curl as $AIP_API_KEY_2. */
  secondApiKey?: string;
  limits?: Partial<ProbeLimits>;
  signal?: AbortSignal;
  concurrency?: number;
  /** Sent with every request (gateways); secret-looking ones are redacted like the key. */
  headers?: Record<string, string>;
}

/** Event data kept of a stream that exceeded its cap (the rest would be held for the whole run). */
const OVERFLOW_KEEP_CHARS = 64 * 1024;

const isStreamType = (ct: string) => /^text\/event-stream\b/i.test(ct.trim());

export class Probe {
  readonly base: URL;
  readonly limits: ProbeLimits;
  readonly redact: Redactor;
  private readonly apiKey?: string;
  private readonly secondApiKey?: string;
  private readonly controller = new AbortController();
  private readonly unlink: () => void;
  private readonly agent: http.Agent;
  private readonly extraHeaders: Record<string, string>;
  private readonly secretHeaders: Array<{ name: string; env: string }>;
  /** Response bytes held right now by exchanges in flight, against limits.maxBufferedBytes. */
  private buffered = 0;

  constructor(options: ProbeOptions) {
    this.base = new URL(options.baseUrl);
    this.apiKey = options.apiKey;
    this.secondApiKey = options.secondApiKey;
    this.extraHeaders = { ...options.headers };
    this.secretHeaders = Object.keys(this.extraHeaders)
      .filter(isSecretHeaderName)
      .map((name) => ({ name, env: headerEnvName(name) }));
    // One internal signal carries the caller's abort to every in-flight request (each adds a listener).
    setMaxListeners(0, this.controller.signal);
    const abort = () => this.controller.abort();
    options.signal?.addEventListener('abort', abort, { once: true });
    if (options.signal?.aborted) abort();
    this.unlink = () => options.signal?.removeEventListener('abort', abort);
    this.limits = { ...DEFAULT_LIMITS, ...options.limits };
    this.redact = createRedactor([
      options.apiKey,
      options.secondApiKey,
      ...nearMissKeys(options.apiKey),
      ...this.secretHeaders.map((h) => this.extraHeaders[h.name]),
    ]);
    const AgentClass = this.base.protocol === 'https:' ? https.Agent : http.Agent;
    // One connection per exchange, never a pooled one: a server may close an idle keep-alive
    // connection just as the kit reuses it, and on a slow link that race is common. The request
    // then dies with a reset the server never saw. Measured through a proxy splitting writes into
    // 1–7 byte pieces: 20 of 21 http checks passed with pooling (one reset), 21 of 21 without.
    this.agent = new AgentClass({
      keepAlive: false,
      maxSockets: Math.max(4, (options.concurrency ?? 4) * 2),
    });
  }

  url(path: string): URL {
    const u = new URL(this.base.toString());
    const [pathname, query] = splitOnce(path, '?');
    u.pathname = `${u.pathname.replace(/\/+$/, '')}${pathname}`;
    u.search = query === undefined ? '' : `?${query}`;
    return u;
  }

  private isSecret(value: string): boolean {
    return value === this.apiKey || value === this.secondApiKey;
  }

  close(): void {
    this.unlink();
    this.agent.destroy();
  }

  async send(req: ProbeRequest): Promise<ProbeResponse> {
    const url = this.url(req.path);
    const headers: Record<string, string> = {
      Accept: 'application/json, text/event-stream',
      ...this.extraHeaders,
      ...req.headers,
    };
    let body: Buffer | undefined;
    if (req.json !== undefined) {
      body = Buffer.from(JSON.stringify(req.json), 'utf8');
      if (!hasHeader(headers, 'content-type')) headers['Content-Type'] = 'application/json';
    } else if (req.body !== undefined) {
      body = typeof req.body === 'string' ? Buffer.from(req.body, 'utf8') : req.body;
    }
    const key =
      req.auth === 'none'
        ? undefined
        : req.auth === 'second'
          ? this.secondApiKey
          : typeof req.auth === 'object'
            ? 'key' in req.auth
              ? req.auth.key
              : nearMissOf(this.apiKey, req.auth.nearMiss)
            : this.apiKey;
    if (req.auth === 'second' && key === undefined) throw new TypeError('no second API key was configured');
    if (key !== undefined) headers[API_KEY_HEADER] = key;
    // An empty POST is sent as Content-Length: 0 (as curl and browsers do), never as an empty chunked body.
    if (body || ['POST', 'PUT', 'PATCH'].includes(req.method)) headers['Content-Length'] = String(body?.length ?? 0);

    const limits = this.limits;
    const timeoutMs = req.timeoutMs ?? limits.timeoutMs;
    let held = 0;
    const charge = (n: number) => {
      if (this.buffered + n > limits.maxBufferedBytes) return false;
      this.buffered += n;
      held += n;
      return true;
    };
    let eventsCharged = 0;
    let openLine = 0;
    let openLineCharged = 0;
    const decoder = new StringDecoder('utf8');
    const chunkRecords: ChunkRecord[] = [];
    let chunkBytesKept = 0;
    let droppedChunks = 0;
    let captureApi: ReturnType<typeof createCapture> | undefined;
    let finishEarly: ((f?: TransportFailure) => void) | undefined;
    let graceTimer: NodeJS.Timeout | undefined;
    let disconnected = false;

    const result = await transport({
      url,
      method: req.method,
      headers,
      body,
      timeouts: {
        connectMs: Math.min(limits.connectTimeoutMs, timeoutMs),
        firstByteMs: Math.min(limits.firstByteTimeoutMs, timeoutMs),
        idleMs: Math.min(limits.idleTimeoutMs, timeoutMs),
        totalMs: timeoutMs,
      },
      budget: { take: charge, limit: limits.maxBufferedBytes },
      agent: this.agent,
      signal: this.controller.signal,
      maxBytes: (ct) => {
        if (isStreamType(ct)) captureApi = createCapture();
        return isStreamType(ct) ? limits.maxStreamBytes : limits.maxJsonBytes;
      },
      control: ({ finish }) => {
        finishEarly = finish;
      },
      onChunk: (chunk, atMs) => {
        if (!captureApi) return;
        if (chunkBytesKept < limits.evidenceStreamBytes) {
          chunkRecords.push({ atMs: round(atMs), bytes: chunk.length, text: decoder.write(chunk) });
          chunkBytesKept += chunk.length;
        } else droppedChunks++;
        captureApi.feed(chunk, atMs);
        const cap = captureApi.capture;
        // Parsed events cost about twice their data (the text and its parsed JSON), and the parser
        // holds an unfinished line in a buffer of up to twice its length: both count too.
        let cost = 0;
        for (; eventsCharged < cap.events.length; eventsCharged++) cost += 2 * cap.events[eventsCharged]!.data.length;
        const lineEnd = Math.max(chunk.lastIndexOf(0x0a), chunk.lastIndexOf(0x0d));
        openLine = lineEnd < 0 ? openLine + chunk.length : chunk.length - lineEnd - 1;
        if (openLine > openLineCharged) {
          cost += 2 * (openLine - openLineCharged);
          openLineCharged = openLine;
        }
        if (cost > 0 && !charge(cost)) {
          finishEarly?.({
            code: 'over-budget',
            message: `the responses in flight reached the kit's memory budget of ${limits.maxBufferedBytes} bytes; reading stopped (lower --concurrency if the target's answers are large)`,
          });
          return;
        }
        if (!disconnected && req.disconnectWhen?.(cap)) {
          disconnected = true;
          finishEarly?.();
          return;
        }
        if (cap.terminalIndex !== undefined && !graceTimer) {
          // A conformant server closes right after the terminal event; waiting a bounded grace
          // period lets the kit see anything sent after it without hanging on a server that never closes.
          graceTimer = setTimeout(
            () =>
              finishEarly?.({
                code: 'not-closed-after-terminal',
                message: `the server did not close the stream within ${limits.terminalGraceMs} ms after the terminal event`,
              }),
            limits.terminalGraceMs,
          );
        }
      },
    });
    if (graceTimer) clearTimeout(graceTimer);
    this.buffered -= held;
    if (captureApi && result.ended) captureApi.end();
    const overflowed = result.failure?.code === 'too-large' || result.failure?.code === 'over-budget';
    // The evidence counts every event parsed, also those a flood's trimming drops.
    const eventsParsed = captureApi?.capture.events.length ?? 0;
    if (captureApi && overflowed) trimCapture(captureApi.capture, OVERFLOW_KEEP_CHARS);

    const response = lazyBodyViews({
      status: result.status,
      headers: result.headers,
      body: result.body,
      ended: result.ended,
      disconnected,
      failure: result.failure,
      headersMs: result.headersMs,
      totalMs: result.totalMs,
      stream: captureApi?.capture,
      exchange: undefined as unknown as ExchangeRecord,
    });
    // Only a JSON body that could be whole is parsed: a body cut at the cap is not JSON the server sent.
    if (!captureApi && result.body.length > 0 && !overflowed) {
      try {
        response.json = JSON.parse(response.text);
      } catch (err) {
        response.jsonError = (err as Error).message;
      }
    } else if (!captureApi && overflowed) response.jsonError = `not parsed: ${result.failure!.message}`;

    const shownBody = body ? body.subarray(0, limits.evidenceBodyBytes) : undefined;
    const exchange: ExchangeRecord = {
      ...(req.label ? { label: req.label } : {}),
      request: {
        method: req.method,
        url: stripCredentials(url.toString()),
        headers: Object.fromEntries(
          Object.entries(headers).map(([k, v]) => [
            k,
            (k === API_KEY_HEADER && this.isSecret(v)) || isSecretHeaderName(k) ? maskKey(v) : v,
          ]),
        ),
        ...(shownBody ? { body: shownBody.toString('utf8') } : {}),
        bodyBytes: body?.length ?? 0,
        ...(body && body.length > shownBody!.length ? { bodyTruncated: true } : {}),
      },
      curl: toCurl({
        method: req.method,
        url: stripCredentials(url.toString()),
        headers,
        body: req.bodyShell ? undefined : body?.toString('utf8'),
        bodyShell: req.bodyShell,
        stream: req.json !== undefined && isStreamRequest(req.json),
        secretHeaders: [
          ...(key !== undefined && this.isSecret(key)
            ? [{ name: API_KEY_HEADER, env: key === this.apiKey ? 'AIP_API_KEY' : 'AIP_API_KEY_2' }]
            : []),
          ...this.secretHeaders.filter((h) => headers[h.name] === this.extraHeaders[h.name]),
        ],
      }),
    };
    if (result.status !== undefined) {
      const shown = captureApi ? '' : result.body.subarray(0, limits.evidenceBodyBytes).toString('utf8');
      exchange.response = {
        status: result.status,
        headers: redactHeaders(result.headers, this.redact),
        ...(captureApi ? {} : { body: shown }),
        bodyBytes: result.receivedBytes,
        ...(!captureApi && result.receivedBytes > Math.min(result.body.length, limits.evidenceBodyBytes)
          ? { droppedBytes: result.receivedBytes - Math.min(result.body.length, limits.evidenceBodyBytes) }
          : {}),
        ...(captureApi
          ? {
              chunks: chunkRecords,
              ...(droppedChunks ? { droppedChunks, droppedBytes: result.receivedBytes - chunkBytesKept } : {}),
              sse: sseSummary(captureApi.capture, eventsParsed),
            }
          : {}),
        ...(result.headersMs !== undefined ? { headersMs: round(result.headersMs) } : {}),
        totalMs: round(result.totalMs),
      };
    }
    if (result.failure) exchange.failure = result.failure;
    if (disconnected && captureApi) {
      const cap = captureApi.capture;
      exchange.hungUp = {
        atMs: round(result.totalMs),
        events: cap.events.length,
        names: cap.events.slice(0, 20).map((e) => e.type),
        terminalSeen: cap.terminalIndex !== undefined,
      };
    }
    response.exchange = redactExchange(exchange, this.redact);
    return response;
  }
}

/** Header names whose values are credentials: shown masked, and as an environment variable in curl. */
export function isSecretHeaderName(name: string): boolean {
  return /^(authorization|proxy-authorization|cookie)$|-(key|token|secret)$/i.test(name.trim());
}

/** The environment variable a curl reproducer reads a secret header from, e.g. AIP_HEADER_AUTHORIZATION. */
export function headerEnvName(name: string): string {
  return `AIP_HEADER_${name.toUpperCase().replace(/[^A-Z0-9]+/g, '_')}`;
}

/** Keeps the first events of a flooded stream, up to `maxChars` of data, and the terminal event if one came. */
function trimCapture(cap: StreamCapture, maxChars: number): void {
  let chars = 0;
  let keep = 0;
  while (keep < cap.events.length && chars <= maxChars) chars += cap.events[keep++]!.data.length;
  if (keep < cap.events.length) {
    const terminal =
      cap.terminalIndex !== undefined && cap.terminalIndex >= keep ? cap.events[cap.terminalIndex] : undefined;
    cap.events.length = keep;
    if (terminal) {
      cap.terminalIndex = cap.events.length;
      cap.events.push({ ...terminal, index: cap.events.length });
    }
  }
  if (cap.comments.length > 1000) cap.comments.length = 1000;
  if (cap.problems.length > 1000) cap.problems.length = 1000;
}

/**
 * `text` and `utf8Valid` are computed when first read, not for every response: for a stream or a
 * body at the size cap each would be another copy of up to the whole body, held for the run.
 */
function lazyBodyViews(base: Omit<ProbeResponse, 'text' | 'utf8Valid'>): ProbeResponse {
  let text: string | undefined;
  let valid: boolean | undefined;
  return Object.defineProperties(base, {
    text: { enumerable: true, get: () => (text ??= base.body.toString('utf8')) },
    utf8Valid: { enumerable: true, get: () => (valid ??= isValidUtf8(base.body)) },
  }) as ProbeResponse;
}

function sseSummary(c: StreamCapture, eventsParsed: number) {
  const s = c.parser.stats;
  return {
    events: eventsParsed,
    names: c.events.slice(0, 200).map((e) => e.type),
    problems: c.problems
      .slice(0, 50)
      .map((p) => ({ code: p.code, offset: p.offset, ...(p.detail ? { detail: p.detail } : {}) })),
    lineEndings: { lf: s.lineEndings.lf, cr: s.lineEndings.cr, crlf: s.lineEndings.crlf },
    bom: s.bom,
    comments: s.comments,
    multiLineDataEvents: s.multiLineDataEvents,
    invalidUtf8: s.invalidUtf8,
  };
}

function redactExchange(ex: ExchangeRecord, redact: Redactor): ExchangeRecord {
  return redactDeep(ex, redact);
}

function isStreamRequest(json: unknown): boolean {
  if (!json || typeof json !== 'object') return false;
  const o = json as { stream?: unknown; options?: { stream?: unknown } };
  return o.stream === true || o.options?.stream === true;
}

function hasHeader(headers: Record<string, string>, name: string): boolean {
  return Object.keys(headers).some((h) => h.toLowerCase() === name);
}

function splitOnce(s: string, sep: string): [string, string | undefined] {
  const i = s.indexOf(sep);
  return i < 0 ? [s, undefined] : [s.slice(0, i), s.slice(i + 1)];
}

const round = (ms: number) => Math.round(ms * 10) / 10;

const fatalDecoder = new TextDecoder('utf-8', { fatal: true });
function isValidUtf8(buf: Buffer): boolean {
  try {
    fatalDecoder.decode(buf);
    return true;
  } catch {
    return false;
  }
}

function nearMissOf(key: string | undefined, kind: NearMiss): string {
  const near = key === undefined ? undefined : nearMissKey(key, kind);
  if (near === undefined) throw new TypeError(`the API key has no ${kind} near miss`);
  return near;
}
