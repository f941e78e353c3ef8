import type { Violation } from '../validate/index.ts';

/**
 * Every error code the client itself produces. A server's error envelope carries its own code
 * (from `ERROR_CODES` in src/protocol/errors.ts, or one this client does not know); the client
 * passes that code through unchanged and only falls back to the codes below when there is no
 * envelope to read. `retryable` is the default when the server gave no opinion — whether a retry
 * is safe still depends on the call (a repeated invoke may save its exchange twice).
 */
export const CLIENT_ERROR_CODES = {
  /** The request never produced a response: DNS, refused or reset connection, TLS failure. */
  network_error: { retryable: true },
  /** `timeoutMs` elapsed: waiting for the response, reading a JSON body, or between two stream chunks. */
  timeout: { retryable: true },
  /** The caller's `AbortSignal` fired; `cause` holds its reason. */
  aborted: { retryable: false },
  /** A 2xx answer whose body is not JSON or does not match the 0.1.0 schema; `violations` says where. */
  invalid_response: { retryable: false },
  /** A stream was requested but the 2xx answer is not `text/event-stream`. */
  unexpected_content_type: { retryable: false },
  /** The event stream ended (closed or broken) before a terminal `complete` or `error` event. */
  stream_truncated: { retryable: false },
  /** A catalogue event whose `data:` is not one JSON object valid for its payload schema. */
  invalid_event: { retryable: false },
  /** The SSE framing broke the parser's limits (a line or event too large), so decoding stopped. */
  stream_malformed: { retryable: false },
} as const satisfies Record<string, { retryable: boolean }>;

export type ClientErrorCode = keyof typeof CLIENT_ERROR_CODES;

/** `http_<status>`: a non-2xx answer whose body is not a valid error envelope. */
export type HttpFallbackCode = `http_${number}`;

export interface AipErrorInit {
  /** A server code from the envelope, a client code, or `http_<status>`. */
  code: string;
  message: string;
  /** HTTP status of the answer; absent when no answer arrived. */
  status?: number | undefined;
  field?: string | undefined;
  requestId?: string | undefined;
  retryable?: boolean | undefined;
  details?: Record<string, unknown> | undefined;
  violations?: Violation[] | undefined;
  cause?: unknown | undefined;
}

/** Any failure of a client call. Carries the server's error envelope when there was one. */
export class AipError extends Error {
  override readonly name: string = 'AipError';
  readonly code: string;
  readonly status: number | undefined;
  readonly field: string | undefined;
  readonly requestId: string | undefined;
  readonly retryable: boolean;
  readonly details: Record<string, unknown> | undefined;
  readonly violations: Violation[] | undefined;

  constructor(init: AipErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.code = init.code;
    this.status = init.status;
    this.field = init.field;
    this.requestId = init.requestId;
    this.retryable = init.retryable ?? defaultRetryable(init.code, init.status);
    this.details = init.details;
    this.violations = init.violations;
  }
}

/** A failure while decoding an event stream that had already been accepted (HTTP 200). */
export class AipStreamError extends AipError {
  override readonly name: string = 'AipStreamError';
  /** The event name involved (for `invalid_event`). */
  readonly event: string | undefined;
  /** Byte offset in the stream of the offending event, or of the end for `stream_truncated`. */
  readonly offset: number | undefined;

  constructor(init: AipErrorInit & { event?: string | undefined; offset?: number | undefined }) {
    super(init);
    this.event = init.event;
    this.offset = init.offset;
  }
}

function defaultRetryable(code: string, status: number | undefined): boolean {
  if (code in CLIENT_ERROR_CODES) return CLIENT_ERROR_CODES[code as ClientErrorCode].retryable;
  return status === 429 || status === 502 || status === 503 || status === 504;
}
