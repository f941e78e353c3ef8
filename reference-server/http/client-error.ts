import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import { apiError, envelope, statusOf } from '../api-error.ts';
import { newRequestId } from './dispatch.ts';

/**
 * Requests Node cannot parse never reach the dispatcher. They still get a JSON envelope (400,
 * `invalid_request`) when the socket can take one. A client whose request headers did not arrive
 * in time gets 408, as Node itself answers it: no request exists yet, so there is no AIP error to
 * send (the catalogue has no 408 code). Reset connections, and timed-out ones whose request was
 * already handed to the dispatcher, are dropped.
 */
export function onClientError(error: Error & { code?: string }, socket: Duplex): void {
  const inFlight = (socket as Duplex & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
  if (error.code === 'ECONNRESET' || !socket.writable || inFlight?.headersSent) {
    socket.destroy();
    return;
  }
  if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT') {
    if (inFlight !== undefined) socket.destroy();
    else
      socket.end(
        `HTTP/1.1 408 ${STATUS_CODES[408]}\r\nX-Request-Id: ${newRequestId()}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`,
      );
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
