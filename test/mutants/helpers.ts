/** Small vocabulary the mutant definitions are written in: route predicates and event edits. */
import type { ProxyRequest, StreamFault, StreamState, SyntheticResponse, WireEvent } from './types.ts';

export const HUB_INVOKE = '/v1/aip/invoke';
export const PORTABLE_INVOKE = '/.well-known/aip/invoke';
export const MANIFEST = '/.well-known/aip/agent';

type Json = Record<string, any>;

export function isInvoke(req: ProxyRequest): boolean {
  return req.method === 'POST' && (req.path === HUB_INVOKE || req.path === PORTABLE_INVOKE);
}

/** An invoke request that asks for a stream, in either request format. */
export function wantsStream(req: ProxyRequest): boolean {
  const body = req.json as Json | undefined;
  if (!isInvoke(req) || !body || typeof body !== 'object') return false;
  return req.path === HUB_INVOKE ? body.stream === true : body.options?.stream === true;
}

export function wantsJson(req: ProxyRequest): boolean {
  return isInvoke(req) && !wantsStream(req);
}

/** The session an invoke request names, in either request format. */
export function requestedSession(req: ProxyRequest): string | undefined {
  const body = req.json as Json | undefined;
  if (!body || typeof body !== 'object') return undefined;
  return req.path === HUB_INVOKE ? body.session : body.context?.session_id;
}

export function is(method: string, pattern: RegExp): (req: ProxyRequest) => boolean {
  return (req) => req.method === method && pattern.test(req.path);
}

/** The JSON payload of an event (undefined when its data is not JSON). */
export function payload(e: WireEvent): Json | undefined {
  try {
    return JSON.parse(e.data) as Json;
  } catch {
    return undefined;
  }
}

/** A copy of `e` whose JSON payload was edited by `edit` (which may mutate its argument). */
export function edit(e: WireEvent, change: (data: Json) => unknown): WireEvent {
  const data = payload(e) ?? {};
  const returned = change(data);
  return { ...e, data: JSON.stringify(returned === undefined ? data : returned) };
}

export function ev(event: string | undefined, data: unknown): WireEvent {
  return { event, data: typeof data === 'string' ? data : JSON.stringify(data) };
}

const TERMINALS = new Set(['complete', 'error']);

export function isTerminal(e: WireEvent): boolean {
  return e.event !== undefined && TERMINALS.has(e.event);
}

let madeUp = 0;

/** A JSON error answer in the envelope every error uses, with a request id in header and body alike. */
export function errorResponse(status: number, code: string, extra: Json = {}): SyntheticResponse {
  const requestId = `req_mutant${++madeUp}`;
  return {
    status,
    headers: { 'x-request-id': requestId },
    body: {
      error: {
        code,
        message: `Mutant answer (${code}): change the request and retry.`,
        requestId,
        retryable: false,
        ...extra,
      },
    },
  };
}

/** A copy of the request with a header removed or replaced. */
export function withHeader(req: ProxyRequest, name: string, value: string | undefined): ProxyRequest {
  const headers = { ...req.headers };
  if (value === undefined) delete headers[name.toLowerCase()];
  else headers[name.toLowerCase()] = value;
  return { ...req, headers };
}

/** A copy of the request with a new JSON body. */
export function withBody(req: ProxyRequest, body: unknown): ProxyRequest {
  return { ...req, body: Buffer.from(JSON.stringify(body)), json: body };
}

/** A stream rewrite that edits the payload of every event with one of the given names. */
export function editEvents(edits: Record<string, (data: Json, s: StreamState) => unknown>): StreamFault {
  return {
    events: {
      event: (e, s) => {
        const change = e.event === undefined ? undefined : edits[e.event];
        return change ? edit(e, (data) => change(data, s)) : undefined;
      },
    },
  };
}

/** A JSON rewrite that edits `data` of an invoke answer (the Invocation). */
export function editInvocation(
  change: (invocation: Json, req: ProxyRequest) => void,
): (body: any, req: ProxyRequest) => unknown {
  return (body, req) => {
    if (body?.data && typeof body.data === 'object') change(body.data, req);
    return body;
  };
}
