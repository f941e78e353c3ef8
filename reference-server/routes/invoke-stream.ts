import type { ServerResponse } from 'node:http';
import { encodeComment, encodeEvent } from '../../src/sse/index.ts';
import type { RequestContext } from '../http/context.ts';
import type { Reply } from '../http/router.ts';
import type { PreparedInvocation } from '../invoke/prepare.ts';
import { RunControl } from '../invoke/run-control.ts';
import { runInvocation } from '../invoke/run.ts';
import { isTerminal, type WireEvent } from '../invoke/wire-event.ts';

/**
 * Past this many pending characters the events of the current tick are written at once, so a
 * consumer that produces without pause meets the socket's backpressure as before.
 */
const COALESCE_LIMIT = 16 * 1024;

const STREAM_HEADERS = {
  'Content-Type': 'text/event-stream; charset=utf-8',
  'Cache-Control': 'no-cache',
  'X-Accel-Buffering': 'no',
} as const;

/**
 * Answers with the invocation as an event stream. Each event is sent as soon as it exists: events
 * produced in the same tick leave together in one write at the end of that tick (one chunk and
 * one syscall instead of one per event), events produced at different times each go out at once.
 * When the socket's buffer is full the agent is not pulled again until 'drain', so a slow reader
 * costs bounded memory. A client that leaves before the terminal event aborts the run.
 */
export async function respondWithStream(ctx: RequestContext, prepared: PreparedInvocation): Promise<Reply> {
  const { app, res } = ctx;
  const control = new RunControl();
  app.running.add(control);
  res.writeHead(200, STREAM_HEADERS);
  const stream = new EventStream(res, app.heartbeatMs, app.stallTimeoutMs, control);
  res.on('close', () => {
    if (!stream.terminalWritten) control.abort('client-disconnected');
  });
  try {
    await runInvocation(app, prepared, control, (event) => stream.emit(event));
  } finally {
    app.running.delete(control);
    stream.end();
  }
  return { kind: 'streamed' };
}

/**
 * One response's event writer: coalescing per tick, heartbeats while idle, backpressure. The
 * heartbeat timer is armed by the first write, which comes at the end of the stream's first tick:
 * a stream that is over by then (an agent that never waits) costs no timer at all.
 */
class EventStream {
  terminalWritten = false;
  #pending = '';
  readonly #res: ServerResponse;
  readonly #heartbeatMs: number;
  readonly #stallMs: number;
  readonly #control: RunControl;
  #heartbeat: NodeJS.Timeout | undefined;

  constructor(res: ServerResponse, heartbeatMs: number, stallMs: number, control: RunControl) {
    this.#res = res;
    this.#heartbeatMs = heartbeatMs;
    this.#stallMs = stallMs;
    this.#control = control;
  }

  /** Once the client is gone the run still goes to its end (unwritten), so it gets recorded. */
  emit(event: WireEvent): Promise<void> | undefined {
    if (!writable(this.#res)) return undefined;
    const terminal = isTerminal(event);
    if (terminal) this.terminalWritten = true;
    if (this.#pending === '') process.nextTick(() => this.flush());
    this.#pending += encodeEvent(event);
    if (terminal) return undefined;
    const flushed = this.#pending.length >= COALESCE_LIMIT ? this.flush() : !this.#res.writableNeedDrain;
    return flushed ? undefined : drained(this.#res, this.#stallMs, this.#control);
  }

  /** Writes what this tick produced; true when the socket can take more. */
  flush(): boolean {
    if (this.#pending === '' || !writable(this.#res)) return true;
    const chunk = this.#pending;
    this.#pending = '';
    if (this.#heartbeat) this.#heartbeat.refresh();
    else this.#heartbeat = setTimeout(() => this.beat(), this.#heartbeatMs);
    return this.#res.write(chunk);
  }

  /** A keep-alive comment, unless something is waiting to be sent anyway. */
  beat(): void {
    if (writable(this.#res) && this.#res.writableLength === 0 && this.#pending === '')
      this.#res.write(encodeComment('keep-alive'));
    this.#heartbeat?.refresh();
  }

  end(): void {
    clearTimeout(this.#heartbeat);
    if (!writable(this.#res)) return;
    const rest = this.#pending;
    this.#pending = '';
    this.#res.end(rest);
  }
}

function writable(res: ServerResponse): boolean {
  return !res.writableEnded && !res.destroyed;
}

/** Resolves on 'drain' or 'close'; a reader that stays stuck past `stallMs` is disconnected. */
function drained(res: ServerResponse, stallMs: number, control: RunControl): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    const timer = setTimeout(() => {
      control.abort('stalled');
      res.destroy();
      done();
    }, stallMs);
    res.on('drain', done);
    res.on('close', done);
  });
}
