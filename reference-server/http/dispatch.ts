import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { apiError, isApiError } from '../api-error.ts';
import type { Keyring } from './auth.ts';
import { isJsonMediaType, parseJson, readBody } from './body.ts';
import type { App } from '../app.ts';
import type { RequestContext } from './context.ts';
import { sendError, sendJson } from './respond.ts';
import type { Match, Reply } from './router.ts';

export interface DispatchOptions {
  app: App;
  route: (method: string, path: string) => Match;
  keyring: Keyring;
  bodyLimitBytes: number;
  /** True once shutdown began: new requests are refused with 503. */
  closing: () => boolean;
  /** Retry-After of that 503: a restarted server should be up by then. */
  retryAfterSeconds: number;
}

/** `req_` + a random UUID's 32 hex digits (122 random bits). */
export function newRequestId(): string {
  return `req_${randomUUID().replaceAll('-', '')}`;
}

/**
 * The one place a request is turned into a response: routing, authentication, media type, body
 * size, JSON parsing, then the handler. Handlers return errors as values; anything thrown is a
 * bug and becomes a 500 envelope (logged without headers or body, so no key can leak).
 */
export function createDispatcher(
  options: DispatchOptions,
): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  return async (req, res) => {
    const requestId = newRequestId();
    res.setHeader('X-Request-Id', requestId);
    const method = req.method ?? 'GET';
    const { path, query } = splitTarget(req.url ?? '/');
    try {
      const reply = await answer(options, req, res, requestId, method, path, query);
      if (options.closing() && !res.headersSent) res.setHeader('Connection', 'close');
      write(res, requestId, reply);
    } catch (error) {
      options.app.log(
        `request ${requestId} ${method} ${path.slice(0, 200)} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
      );
      if (res.headersSent) res.destroy();
      else
        sendError(
          res,
          requestId,
          apiError(
            'internal_error',
            'The server failed unexpectedly; retry, and report the request id if it persists.',
          ),
        );
    }
  };
}

async function answer(
  options: DispatchOptions,
  req: IncomingMessage,
  res: ServerResponse,
  requestId: string,
  method: string,
  path: string,
  query: URLSearchParams,
): Promise<Reply> {
  if (options.closing()) {
    return apiError('unavailable', 'The server is shutting down; retry against a running server.', {
      retryable: true,
      headers: { 'Retry-After': String(options.retryAfterSeconds) },
    });
  }
  const match = options.route(method, path);
  if (match.kind === 'none')
    return apiError(
      'not_found',
      `Nothing is served at ${path.length > 200 ? 'this path' : path}; check the path against the AIP endpoints.`,
    );
  if (match.kind === 'wrong-method') {
    return apiError('method_not_allowed', `${method} is not allowed here; use ${match.allow.join(' or ')}.`, {
      headers: { Allow: match.allow.join(', ') },
    });
  }
  const { endpoint } = match;
  let owner = '';
  if (endpoint.auth) {
    const found = options.keyring.authenticate(req.headers['x-api-key']);
    if (found === undefined) return apiError('unauthorized', 'Send a valid API key in the X-API-Key header.');
    owner = found;
  }
  const ctx: RequestContext = {
    app: options.app,
    req,
    res,
    requestId,
    params: match.params,
    query,
    owner,
    body: undefined,
  };
  if (endpoint.body === 'json-or-empty' && hasNoBody(req)) {
    ctx.body = {};
  } else if (endpoint.body !== 'none') {
    if (!isJsonMediaType(req.headers['content-type'])) {
      return apiError('unsupported_media_type', 'Send the body as JSON with Content-Type: application/json.');
    }
    const raw = await readBody(req, options.bodyLimitBytes);
    if (!raw.ok) return raw.error;
    const body = parseJson(raw.value);
    if (!body.ok) return body.error;
    ctx.body = body.value;
  }
  // `return await` settles in one tick; returning the bare promise from an async function takes three.
  return await endpoint.handler(ctx);
}

/** HTTP/1.1 framing says there is no body: no Transfer-Encoding and no (or a zero) Content-Length. */
function hasNoBody(req: IncomingMessage): boolean {
  if (req.headers['transfer-encoding'] !== undefined) return false;
  const length = req.headers['content-length'];
  return length === undefined || length.trim() === '0';
}

function write(res: ServerResponse, requestId: string, reply: Reply): void {
  if (reply.kind === 'streamed') return;
  if (res.headersSent || res.destroyed) return;
  if (isApiError(reply)) sendError(res, requestId, reply);
  else sendJson(res, reply.status, reply.body, reply.headers);
}

/** Path and query of a request target; no URL parser, so no target can make this throw. */
export function splitTarget(target: string): { path: string; query: URLSearchParams } {
  const q = target.indexOf('?');
  return q < 0
    ? { path: target, query: new URLSearchParams() }
    : { path: target.slice(0, q), query: new URLSearchParams(target.slice(q + 1)) };
}
