/**
 * One HTTP exchange over node:http(s) with hard limits. Not fetch: the kit needs raw bytes,
 * per-chunk arrival times, a byte cap that stops reading, and timeouts that always fire —
 * a target that hangs, floods or resets must produce a recorded failure, never a stuck run.
 *
 * Time is bounded in four separate ways, so that a slow but working target is not mistaken for a
 * broken one: connecting; the first byte of the answer after the request was sent (a real model
 * may think for a long time); the idle time between bytes in either direction (a slow link still
 * moves bytes); and the whole exchange. Every clock starts when the exchange gets its socket, not
 * when it is queued behind other exchanges for one.
 */
import http from 'node:http';
import https from 'node:https';
import type { Socket } from 'node:net';
import { performance } from 'node:perf_hooks';

export type TransportFailureCode =
  | 'refused'
  | 'dns'
  | 'connect-timeout'
  | 'first-byte-timeout'
  | 'idle-timeout'
  | 'total-timeout'
  | 'too-large'
  | 'over-budget'
  | 'reset'
  | 'aborted'
  | 'not-closed-after-terminal'
  | 'network';

export interface TransportFailure {
  code: TransportFailureCode;
  message: string;
}

export interface Timeouts {
  /** TCP (and TLS) connection establishment. */
  connectMs: number;
  /** From the request being fully sent to the first byte of the response. */
  firstByteMs: number;
  /** Longest time no byte moves in either direction while sending the request or reading the body. */
  idleMs: number;
  /** The whole exchange, from getting a socket to the end of the body. */
  totalMs: number;
}

export interface TransportRequest {
  url: URL;
  method: string;
  headers: Record<string, string>;
  body?: Buffer;
  timeouts: Timeouts;
  maxBytes: (contentType: string) => number;
  /** Memory shared by every exchange in flight: a chunk the budget cannot take ends the exchange. */
  budget?: { take: (bytes: number) => boolean; limit: number };
  agent?: http.Agent;
  signal?: AbortSignal;
  /** Called with each body chunk that is kept. */
  onChunk?: (chunk: Buffer, atMs: number) => void;
  /** Lets the caller end the exchange early with a failure or cleanly. */
  control?: (api: { finish: (failure?: TransportFailure) => void; elapsed: () => number }) => void;
}

export interface TransportResult {
  status?: number;
  headers: Record<string, string>;
  /** Body bytes received (capped at the size limit). */
  body: Buffer;
  receivedBytes: number;
  headersMs?: number;
  totalMs: number;
  /** True when the server ended the body itself (as opposed to the kit stopping). */
  ended: boolean;
  failure?: TransportFailure;
}

function flattenHeaders(raw: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i]!.toLowerCase();
    out[name] = out[name] === undefined ? raw[i + 1]! : `${out[name]}, ${raw[i + 1]!}`;
  }
  return out;
}

const SLICE_BYTES = 4 * 1024;
/** What is kept of a body that exceeded its cap. */
const OVERFLOW_KEEP_BYTES = 64 * 1024;

/** The first `max` bytes of `chunks`, copied, so the chunks themselves can be freed. */
function prefix(chunks: Buffer[], max: number): Buffer {
  const out = Buffer.alloc(
    Math.min(
      max,
      chunks.reduce((n, c) => n + c.length, 0),
    ),
  );
  let at = 0;
  for (const c of chunks) {
    if (at >= out.length) break;
    at += c.copy(out, at, 0, Math.min(c.length, out.length - at));
  }
  return out;
}

type Phase = 'queued' | 'connect' | 'send' | 'wait' | 'body';

function classify(err: NodeJS.ErrnoException, phase: Phase): TransportFailure {
  switch (err.code) {
    case 'ECONNREFUSED':
      return { code: 'refused', message: `connection refused (${err.message})` };
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return { code: 'dns', message: `host name did not resolve (${err.message})` };
    case 'ECONNRESET':
    case 'EPIPE':
      return {
        code: 'reset',
        message:
          phase === 'body'
            ? `the connection was reset before the response body was complete (${err.message})`
            : `the connection was reset ${phase === 'send' ? 'while sending the request' : 'before a response arrived'} (${err.message})`,
      };
    case 'ABORT_ERR':
      return { code: 'aborted', message: 'the run was cancelled' };
    default:
      return { code: 'network', message: err.message || String(err) };
  }
}

/**
 * A socket the pool keeps between exchanges can fail while no request owns it; Node then emits
 * 'error' on the socket with no listener, which would crash the process. Every socket the kit
 * touches gets one listener for its whole life: the owning request still sees the error, and a
 * pooled socket is simply destroyed.
 */
const guarded = new WeakSet<Socket>();
function guard(socket: Socket): void {
  if (guarded.has(socket)) return;
  guarded.add(socket);
  socket.on('error', () => socket.destroy());
}

export function transport(req: TransportRequest): Promise<TransportResult> {
  const t0 = performance.now();
  const elapsed = () => performance.now() - t0;
  const { connectMs, firstByteMs, idleMs, totalMs } = req.timeouts;
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let kept = 0;
    let received = 0;
    let status: number | undefined;
    let headers: Record<string, string> = {};
    let headersMs: number | undefined;
    let phase: Phase = 'queued';
    let done = false;
    let socket: Socket | undefined;
    const timers = new Map<string, NodeJS.Timeout>();

    const lib = req.url.protocol === 'https:' ? https : http;
    const cr = lib.request(req.url, { method: req.method, headers: req.headers, agent: req.agent, signal: req.signal });

    const arm = (name: string, ms: number, failure: () => TransportFailure) => {
      clearTimeout(timers.get(name));
      timers.set(
        name,
        setTimeout(() => finish(failure()), ms),
      );
    };
    const disarm = (name: string) => {
      clearTimeout(timers.get(name));
      timers.delete(name);
    };
    const idle = () =>
      arm('idle', idleMs, () => ({
        code: 'idle-timeout',
        message:
          phase === 'body'
            ? `no byte of the response body arrived for ${idleMs} ms (idle timeout; ${received} bytes received)`
            : `no byte of the request could be sent for ${idleMs} ms (idle timeout)`,
      }));
    const onActivity = () => {
      if (!done && (phase === 'send' || phase === 'body')) idle();
    };

    const finish = (failure?: TransportFailure, ended = false) => {
      if (done) return;
      done = true;
      for (const t of timers.values()) clearTimeout(t);
      socket?.off('data', onActivity);
      // Destroying stops a server that would keep sending, and an upload the answer made pointless
      // (a 413 sent before the body was read): a background upload would hold a pooled socket and
      // the link's bandwidth, starving every later exchange.
      if (!ended || !cr.writableFinished) cr.destroy();
      resolve({
        status,
        headers,
        // A body cut at a cap is evidence of flooding, not something to judge: keep its start only,
        // so the responses a run holds on to stay small whatever the target sends.
        body:
          failure?.code === 'too-large' || failure?.code === 'over-budget'
            ? prefix(chunks, OVERFLOW_KEEP_BYTES)
            : Buffer.concat(chunks, kept),
        receivedBytes: received,
        headersMs,
        totalMs: elapsed(),
        ended,
        failure,
      });
    };

    const startSending = () => {
      phase = 'send';
      idle();
    };

    cr.on('socket', (s: Socket) => {
      socket = s;
      guard(s);
      arm('total', totalMs, () => ({
        code: 'total-timeout',
        message: `the exchange did not finish within ${totalMs} ms (${phase === 'body' ? `${received} body bytes received` : 'no response yet'})`,
      }));
      s.on('data', onActivity);
      if (!s.connecting) return startSending();
      phase = 'connect';
      arm('connect', connectMs, () => ({
        code: 'connect-timeout',
        message: `could not connect within ${connectMs} ms`,
      }));
      s.once(req.url.protocol === 'https:' ? 'secureConnect' : 'connect', () => {
        disarm('connect');
        if (phase === 'connect') startSending();
      });
    });

    cr.on('finish', () => {
      if (done || phase === 'body') return;
      phase = 'wait';
      disarm('idle');
      arm('first-byte', firstByteMs, () => ({
        code: 'first-byte-timeout',
        message: `no response within ${firstByteMs} ms of sending the request (first-byte timeout)`,
      }));
    });

    cr.on('error', (err: NodeJS.ErrnoException) => finish(classify(err, phase)));

    cr.on('response', (res) => {
      phase = 'body';
      disarm('first-byte');
      idle();
      status = res.statusCode;
      headers = flattenHeaders(res.rawHeaders);
      headersMs = elapsed();
      const max = req.maxBytes(headers['content-type'] ?? '');
      res.on('data', (chunk: Buffer) => {
        if (done) return;
        const at = elapsed();
        received += chunk.length;
        const room = max - kept;
        const part = chunk.length > room ? chunk.subarray(0, Math.max(0, room)) : chunk;
        if (part.length > 0 && req.budget && !req.budget.take(part.length)) {
          finish({
            code: 'over-budget',
            message: `the responses in flight reached the kit's memory budget of ${req.budget.limit} bytes after ${kept} bytes of this one; reading stopped (lower --concurrency if the target's answers are large)`,
          });
          return;
        }
        if (part.length > 0) {
          chunks.push(part);
          kept += part.length;
          req.onChunk?.(part, at);
        }
        if (received > max)
          finish({
            code: 'too-large',
            message: `the response body exceeded the kit's limit of ${max} bytes; reading stopped`,
          });
      });
      res.on('end', () => finish(undefined, true));
      res.on('error', (err: NodeJS.ErrnoException) => finish(classify(err, 'body')));
      res.on('aborted', () =>
        finish({ code: 'reset', message: 'the connection was closed before the response body was complete' }),
      );
    });

    req.control?.({ finish: (failure) => finish(failure), elapsed });
    // The body goes out in slices, each written when the previous one left: every slice that
    // leaves is progress, so a slow upload is told apart from a stalled one.
    const body = req.body;
    const send = (at: number) => {
      if (done) return;
      if (!body || at >= body.length) return void cr.end();
      cr.write(body.subarray(at, at + SLICE_BYTES), (err) => {
        if (err) return;
        onActivity();
        send(at + SLICE_BYTES);
      });
    };
    send(0);
  });
}
