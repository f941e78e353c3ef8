import type { ServerResponse } from 'node:http';
import { encodeComment, encodeEvent } from '../../src/sse/index.ts';
import type { RequestContext } from '../http/context.ts';
import type { Reply } from '../http/router.ts';
import type { PreparedInvocation } from './prepare.ts';
import { RunControl } from './run-control.ts';
import { runInvocation } from './run.ts';
import { isTerminal, type WireEvent } from './wire-event.ts';

/**
 * Past this many pending characters the events of the current tick are written at once, so a
 * consumer that produces without pause meets the socket's backpressure as before.
 */
const COALESCE_LIMIT = 16 * 1024;

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
  let terminalWritten = false;
  res.on('close', () => {
    if (!terminalWritten) control.abort('client-disconnected');
  });

  res.writeHead(200, STREAM_HEADERS);
  let pending = '';
  const heartbeat = setTimeout(function beat() {
    if (writable(res) && res.writableLength === 0 && pending === '') res.write(encodeComment('keep-alive'));
    heartbeat.refresh();
  }, app.heartbeatMs);

  /** Writes what this tick produced; true when the socket can take more. */
  const flush = (): boolean => {
    if (pending === '' || !writable(res)) return true;
    const chunk = pending;
    pending = '';
    heartbeat.refresh();
    return res.write(chunk);
  };
  const flushAtTickEnd = () => void flush();

  // Once the client is gone the run still goes to its end (unwritten), so it gets recorded.
  const emit = (event: WireEvent): Promise<void> | undefined => {
    if (!writable(res)) return undefined;
    const terminal = isTerminal(event);
    if (terminal) terminalWritten = true;
    if (pending === '') process.nextTick(flushAtTickEnd);
    pending += encodeEvent(event);
    if (terminal) return undefined;
    const flushed = pending.length >= COALESCE_LIMIT ? flush() : !res.writableNeedDrain;
    return flushed ? undefined : drained(res, app.stallTimeoutMs, control);
  };
  try {
    await runInvocation(app, prepared, control, emit);
  } finally {
    clearTimeout(heartbeat);
    app.running.delete(control);
    if (writable(res)) {
      const rest = pending;
      pending = '';
      res.end(rest);
    }
  }
  return { kind: 'streamed' };
}

const STREAM_HEADERS = {
  'Content-Type': 'text/event-stream; charset=utf-8',
  'Cache-Control': 'no-cache',
  'X-Accel-Buffering': 'no',
} as const;

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
