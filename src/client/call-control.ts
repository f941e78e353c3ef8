import { AipError, AipStreamError } from './errors.ts';

/**
 * One call's cancellation: the caller's signal, the client's timeout and the client's own
 * cancellation (a consumer leaving a stream early) all abort the same controller, and the
 * control remembers which of them did so the failure gets the right code.
 */
export class CallControl {
  readonly #controller = new AbortController();
  readonly #timeoutMs: number;
  readonly #userSignal: AbortSignal | undefined;
  readonly #onUserAbort = () => this.#controller.abort(this.#userSignal?.reason);
  #timer: ReturnType<typeof setTimeout> | undefined;
  #timedOut = false;

  constructor(timeoutMs: number, userSignal: AbortSignal | undefined) {
    this.#timeoutMs = timeoutMs;
    this.#userSignal = userSignal;
    if (userSignal?.aborted) this.#controller.abort(userSignal.reason);
    else userSignal?.addEventListener('abort', this.#onUserAbort, { once: true });
  }

  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  /** Starts (or restarts) the timeout; 0 or Infinity means none. */
  arm(): void {
    this.disarm();
    if (this.#timeoutMs <= 0 || !Number.isFinite(this.#timeoutMs)) return;
    this.#timer = setTimeout(() => {
      this.#timedOut = true;
      this.#controller.abort(new Error(`no answer within ${this.#timeoutMs} ms`));
    }, this.#timeoutMs);
  }

  disarm(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  /** Aborts the request (releasing its connection) and detaches from the caller's signal. */
  close(): void {
    this.disarm();
    this.#userSignal?.removeEventListener('abort', this.#onUserAbort);
    if (!this.#controller.signal.aborted) this.#controller.abort(new Error('call closed by the client'));
  }

  /** The error a rejected fetch or body read stands for. `stream` marks a break mid-stream. */
  failure(
    cause: unknown,
    what: string,
    redact: (text: string) => string,
    stream?: { requestId: string | undefined },
  ): AipError {
    if (cause instanceof AipError) return cause;
    const requestId = stream?.requestId;
    if (this.#timedOut) {
      return new AipError({
        code: 'timeout',
        requestId,
        message: `${what}: no data from the server within ${this.#timeoutMs} ms (timeoutMs)`,
        cause,
      });
    }
    if (this.#userSignal?.aborted) {
      return new AipError({
        code: 'aborted',
        requestId,
        message: `${what}: aborted by the caller's signal`,
        cause: this.#userSignal.reason,
      });
    }
    const reason = redact(cause instanceof Error ? describeCause(cause) : String(cause));
    if (stream) {
      return new AipStreamError({
        code: 'stream_truncated',
        requestId,
        message: `${what}: the connection broke before a terminal event (${reason})`,
        cause,
      });
    }
    return new AipError({ code: 'network_error', message: `${what}: ${reason}`, cause });
  }
}

/** fetch reports "fetch failed"; the useful part (ECONNREFUSED, …) is in its cause. */
function describeCause(error: Error): string {
  const inner = error.cause;
  return inner instanceof Error && inner.message ? `${error.message}: ${inner.message}` : error.message;
}
