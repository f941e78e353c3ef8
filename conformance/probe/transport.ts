/**
 * One HTTP exchange over node:http(s) with hard limits. Not fetch: the kit needs raw bytes,
 * per-chunk arrival times, a byte cap that stops reading, and timeouts that always fire —
 * a target that hangs, floods or resets must produce a recorded failure, never a stuck run.
 */
import http from 'node:http';
import https from 'node:https';
import { performance } from 'node:perf_hooks';

export type TransportFailureCode =
  | 'refused'
  | 'dns'
  | 'connect-timeout'
  | 'headers-timeout'
  | 'body-timeout'
  | 'too-large'
  | 'reset'
  | 'aborted'
  | 'not-closed-after-terminal'
  | 'network';

export interface TransportFailure {
  code: TransportFailureCode;
  message: string;
}

export interface TransportRequest {
  url: URL;
  method: string;
  headers: Record<string, string>;
  body?: Buffer;
  timeoutMs: number;
  connectTimeoutMs: number;
  maxBytes: (contentType: string) => number;
  agent?: http.Agent;
  signal?: AbortSignal;
  /** Called with each body chunk; returning 'stop' ends the exchange successfully (e.g. terminal seen + grace). */
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

function classify(err: NodeJS.ErrnoException, phase: 'connect' | 'headers' | 'body'): TransportFailure {
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
            ? 'the connection was closed before the response body was complete'
            : `the connection was reset (${err.message})`,
      };
    case 'ABORT_ERR':
      return { code: 'aborted', message: 'the run was cancelled' };
    default:
      return { code: 'network', message: err.message || String(err) };
  }
}

export function transport(req: TransportRequest): Promise<TransportResult> {
  const t0 = performance.now();
  const elapsed = () => performance.now() - t0;
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let kept = 0;
    let received = 0;
    let status: number | undefined;
    let headers: Record<string, string> = {};
    let headersMs: number | undefined;
    let phase: 'connect' | 'headers' | 'body' = 'connect';
    let done = false;
    const timers: NodeJS.Timeout[] = [];

    const lib = req.url.protocol === 'https:' ? https : http;
    const cr = lib.request(req.url, { method: req.method, headers: req.headers, agent: req.agent, signal: req.signal });

    const finish = (failure?: TransportFailure, ended = false) => {
      if (done) return;
      done = true;
      for (const t of timers) clearTimeout(t);
      // Destroying is how a cap or timeout stops a server that would otherwise keep sending.
      if (!ended) cr.destroy();
      resolve({
        status,
        headers,
        body: Buffer.concat(chunks, kept),
        receivedBytes: received,
        headersMs,
        totalMs: elapsed(),
        ended,
        failure,
      });
    };

    timers.push(
      setTimeout(() => {
        if (phase === 'body')
          finish({
            code: 'body-timeout',
            message: `the response body did not end within ${req.timeoutMs} ms (received ${received} bytes)`,
          });
        else finish({ code: 'headers-timeout', message: `no response headers within ${req.timeoutMs} ms` });
      }, req.timeoutMs),
    );

    cr.on('socket', (socket) => {
      if (!socket.connecting) {
        phase = 'headers';
        return;
      }
      const t = setTimeout(
        () => finish({ code: 'connect-timeout', message: `could not connect within ${req.connectTimeoutMs} ms` }),
        req.connectTimeoutMs,
      );
      timers.push(t);
      socket.once('connect', () => {
        clearTimeout(t);
        phase = 'headers';
      });
    });

    cr.on('error', (err: NodeJS.ErrnoException) => finish(classify(err, phase)));

    cr.on('response', (res) => {
      phase = 'body';
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
    cr.end(req.body);
  });
}
