import { WIRE_SCHEMAS, type ErrorEnvelope, type WireSchemaName } from '../protocol/index.ts';
import { validate, describeViolations } from '../validate/index.ts';
import { CallControl } from './call-control.ts';
import { stripUnknownMembers } from './clean.ts';
import { AipError } from './errors.ts';
import { redactDeep } from './redact.ts';

/** Per-call options every client method accepts. */
export interface CallOptions {
  /** Aborts the call; a stream being read is cancelled and its connection closed. */
  signal?: AbortSignal;
  /** Overrides the client's `timeoutMs` for this call. */
  timeoutMs?: number;
}

export type Query = Record<string, string | number | boolean | undefined>;

export interface RequestSpec {
  method: 'GET' | 'POST';
  path: string;
  query?: Query;
  body?: unknown;
  accept: string;
  headers?: Record<string, string>;
}

/** What the client shares with every call: where, who, how long, and how to hide the key. */
export interface Transport {
  fetch: typeof globalThis.fetch;
  baseUrl: string;
  apiKey: string | undefined;
  headers: Record<string, string>;
  timeoutMs: number;
  redact: (text: string) => string;
}

export function describeCall(spec: RequestSpec): string {
  return `${spec.method} ${spec.path}`;
}

/** Sends one request under `call`'s signal; rejects only with an AipError. Does not read the body. */
export async function send(t: Transport, call: CallControl, spec: RequestSpec): Promise<Response> {
  // Set, not append: a caller's header of the same name (in any case) must not merge with the protocol's.
  const headers = new Headers(t.headers);
  headers.set('Accept', spec.accept);
  for (const [name, value] of Object.entries(spec.headers ?? {})) headers.set(name, value);
  if (t.apiKey) headers.set('X-API-Key', t.apiKey);
  if (spec.body !== undefined) headers.set('Content-Type', 'application/json');
  try {
    return await t.fetch(url(t.baseUrl, spec.path, spec.query), {
      method: spec.method,
      headers,
      body: spec.body === undefined ? null : JSON.stringify(spec.body),
      signal: call.signal,
    });
  } catch (cause) {
    throw call.failure(cause, describeCall(spec), t.redact);
  }
}

/** The AipError a non-2xx answer stands for, read from its error envelope when it has one. */
export async function httpError(t: Transport, call: CallControl, spec: RequestSpec, res: Response): Promise<AipError> {
  let text: string;
  try {
    text = await res.text();
  } catch (cause) {
    return call.failure(cause, describeCall(spec), t.redact);
  }
  const headerRequestId = res.headers.get('x-request-id') ?? undefined;
  const body = parseJson(text);
  if (body.ok && validate('error-envelope', body.value).ok) {
    const { code, message, field, requestId, retryable, details } = (body.value as ErrorEnvelope).error;
    return new AipError({
      code,
      status: res.status,
      message: t.redact(`${describeCall(spec)} failed with HTTP ${res.status} ${code}: ${message}`),
      field: field === undefined ? undefined : t.redact(field),
      requestId: requestId ?? headerRequestId,
      retryable,
      details: details === undefined ? undefined : redactDeep(details as Record<string, unknown>, t.redact),
    });
  }
  const excerpt = text.length > 200 ? `${text.slice(0, 200)}…` : text;
  return new AipError({
    code: `http_${res.status}`,
    status: res.status,
    message: t.redact(
      `${describeCall(spec)} failed with HTTP ${res.status} and no AIP error envelope${excerpt ? `: ${excerpt}` : ''}`,
    ),
    requestId: headerRequestId,
  });
}

/** Performs a JSON call: checks the status, validates the 2xx body against `schema`, drops unknown members. */
export async function requestJson(
  t: Transport,
  spec: RequestSpec,
  schema: WireSchemaName,
  opts: CallOptions = {},
): Promise<unknown> {
  const call = new CallControl(opts.timeoutMs ?? t.timeoutMs, opts.signal);
  call.arm();
  try {
    const res = await send(t, call, spec);
    if (!res.ok) throw await httpError(t, call, spec, res);
    let text: string;
    try {
      text = await res.text();
    } catch (cause) {
      throw call.failure(cause, describeCall(spec), t.redact);
    }
    return checkBody(t, spec, res, schema, text);
  } finally {
    call.close();
  }
}

function checkBody(t: Transport, spec: RequestSpec, res: Response, schema: WireSchemaName, text: string): unknown {
  const requestId = res.headers.get('x-request-id') ?? undefined;
  const body = parseJson(text);
  if (!body.ok) {
    throw new AipError({
      code: 'invalid_response',
      status: res.status,
      requestId,
      message: `${describeCall(spec)}: HTTP ${res.status} answer is not JSON (${body.reason})`,
      violations: [{ pointer: '', message: 'is not JSON', keyword: 'json' }],
    });
  }
  const checked = validate(schema, body.value);
  if (!checked.ok) {
    throw new AipError({
      code: 'invalid_response',
      status: res.status,
      requestId,
      message: t.redact(
        `${describeCall(spec)}: HTTP ${res.status} answer is not a valid ${schema}: ${describeViolations(checked.violations)}`,
      ),
      violations: checked.violations,
    });
  }
  return stripUnknownMembers(WIRE_SCHEMAS[schema], body.value);
}

export function parseJson(text: string): { ok: true; value: unknown } | { ok: false; reason: string } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (e) {
    return { ok: false, reason: e instanceof Error ? e.message : String(e) };
  }
}

function url(baseUrl: string, path: string, query: Query | undefined): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined) params.set(k, String(v));
  const search = params.size > 0 ? `?${params.toString()}` : '';
  return `${baseUrl.replace(/\/+$/, '')}${path}${search}`;
}
