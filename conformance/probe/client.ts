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
}

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

  constructor(options: ProbeOptions) {
    this.base = new URL(options.baseUrl);
    this.apiKey = options.apiKey;
    this.secondApiKey = options.secondApiKey;
    // One internal signal carries the caller's abort to every in-flight request (each adds a listener).
    setMaxListeners(0, this.controller.signal);
    const abort = () => this.controller.abort();
    options.signal?.addEventListener('abort', abort, { once: true });
    if (options.signal?.aborted) abort();
    this.unlink = () => options.signal?.removeEventListener('abort', abort);
    this.limits = { ...DEFAULT_LIMITS, ...options.limits };
    this.redact = createRedactor([options.apiKey, options.secondApiKey, ...nearMissKeys(options.apiKey)]);
    const AgentClass = this.base.protocol === 'https:' ? https.Agent : http.Agent;
    this.agent = new AgentClass({ keepAlive: true, maxSockets: Math.max(4, (options.concurrency ?? 4) * 2) });
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
    const headers: Record<string, string> = { Accept: 'application/json, text/event-stream', ...req.headers };
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
      timeoutMs,
      connectTimeoutMs: Math.min(limits.connectTimeoutMs, timeoutMs),
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
    if (captureApi && result.ended) captureApi.end();

    const text = result.body.toString('utf8');
    const utf8Valid = isValidUtf8(result.body);
    const response: ProbeResponse = {
      status: result.status,
      headers: result.headers,
      body: result.body,
      text,
      utf8Valid,
      ended: result.ended,
      disconnected,
      failure: result.failure,
      headersMs: result.headersMs,
      totalMs: result.totalMs,
      stream: captureApi?.capture,
      exchange: undefined as unknown as ExchangeRecord,
    };
    if (!captureApi && result.body.length > 0) {
      try {
        response.json = JSON.parse(text);
      } catch (err) {
        response.jsonError = (err as Error).message;
      }
    }

    const shownBody = body ? body.subarray(0, limits.evidenceBodyBytes) : undefined;
    const exchange: ExchangeRecord = {
      ...(req.label ? { label: req.label } : {}),
      request: {
        method: req.method,
        url: stripCredentials(url.toString()),
        headers: Object.fromEntries(
          Object.entries(headers).map(([k, v]) => [k, k === API_KEY_HEADER && this.isSecret(v) ? maskKey(v) : v]),
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
        secretHeader:
          key !== undefined && this.isSecret(key)
            ? { name: API_KEY_HEADER, env: key === this.apiKey ? 'AIP_API_KEY' : 'AIP_API_KEY_2' }
            : undefined,
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
              sse: sseSummary(captureApi.capture),
            }
          : {}),
        ...(result.headersMs !== undefined ? { headersMs: round(result.headersMs) } : {}),
        totalMs: round(result.totalMs),
      };
    }
    if (result.failure) exchange.failure = result.failure;
    response.exchange = redactExchange(exchange, this.redact);
    return response;
  }
}

function sseSummary(c: StreamCapture) {
  const s = c.parser.stats;
  return {
    events: c.events.length,
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
