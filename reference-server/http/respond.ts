import type { IncomingMessage, ServerResponse } from 'node:http';
import { envelope, statusOf, type ApiError } from '../api-error.ts';

/**
 * How many unread body bytes the server still swallows after answering early (401, 413, 415, …)
 * so the client can finish sending and read the answer; past this the connection is dropped.
 */
const DISCARD_ALLOWANCE_BYTES = 8 * 1024 * 1024;

export function sendJson(res: ServerResponse, status: number, body: unknown, headers?: Record<string, string>): void {
  const payload = JSON.stringify(body);
  res.statusCode = status;
  if (headers) for (const name in headers) res.setHeader(name, headers[name]!);
  res.setHeader('Content-Type', JSON_CONTENT_TYPE);
  res.setHeader('Content-Length', Buffer.byteLength(payload));
  discardUnreadBody(res.req);
  res.end(payload);
}

const JSON_CONTENT_TYPE = 'application/json; charset=utf-8';

export function sendError(res: ServerResponse, requestId: string, error: ApiError): void {
  sendJson(res, statusOf(error.code), envelope(error, requestId), error.headers);
}

/**
 * Reads and drops whatever body the handler did not consume, up to an allowance. Node would
 * otherwise drain it without limit; dropping the socket at once risks a reset that eats the answer.
 */
export function discardUnreadBody(req: IncomingMessage): void {
  if (req.complete || req.readableEnded || req.destroyed) return;
  let discarded = 0;
  req.removeAllListeners('data');
  req.on('data', (chunk: Buffer) => {
    discarded += chunk.length;
    if (discarded > DISCARD_ALLOWANCE_BYTES) req.socket.destroy();
  });
  req.on('error', () => undefined);
  req.resume();
}
