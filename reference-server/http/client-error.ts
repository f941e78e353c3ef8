import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import { apiError, envelope, statusOf } from '../api-error.ts';
import { newRequestId } from './dispatch.ts';

/**
 * Requests Node cannot parse never reach the dispatcher. They still get a JSON envelope (400,
 * `invalid_request`) when the socket can take one; timed-out and reset connections are dropped.
 */
export function onClientError(error: Error & { code?: string }, socket: Duplex): void {
  const inFlight = (socket as Duplex & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
  if (
    error.code === 'ECONNRESET' ||
    error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ||
    !socket.writable ||
    inFlight?.headersSent
  ) {
    socket.destroy();
    return;
  }
  const message =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? 'The request headers are too large; send smaller headers.'
      : 'The request is not well-formed HTTP/1.1; send a valid request.';
  const requestId = newRequestId();
  const refusal = apiError('invalid_request', message);
  const status = statusOf(refusal.code);
  const body = JSON.stringify(envelope(refusal, requestId));
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\n` +
      'Content-Type: application/json; charset=utf-8\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\n` +
      `X-Request-Id: ${requestId}\r\n` +
      'Connection: close\r\n\r\n' +
      body,
  );
}
