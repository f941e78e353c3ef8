/**
 * The scenario hub: a plain node:http server on 127.0.0.1 that serves one scenario's scripted
 * answer to the invoke request a driver sends, records every request, and writes the body in
 * the chunks and at the times the scenario asks for. One listener per scenario run, so runs in
 * parallel never see each other's requests.
 */
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import type { Chunking, Scenario, Segment } from './types.ts';

const MANIFEST = readFileSync(new URL('./hub-manifest.json', import.meta.url), 'utf8');
/** Request bodies beyond this are cut (a client test never needs more). */
const MAX_REQUEST_BYTES = 2 * 1024 * 1024;
/** Evidence bounds for the served bytes. */
const MAX_CHUNK_RECORDS = 300;
const MAX_CHUNK_TEXT = 64 * 1024;
const BLOCK = 16 * 1024;

export const INVOKE_PATHS = { hub: '/v1/aip/invoke', portable: '/.well-known/aip/invoke' } as const;

export interface ReceivedRequest {
  atMs: number;
  method: string;
  path: string;
  headers: Record<string, string>;
  body: string;
  bodyBytes: number;
}

export interface ServedChunk {
  atMs: number;
  bytes: number;
  text: string;
}

export interface Exchange {
  request: ReceivedRequest;
  status: number;
  headers: Record<string, string>;
  chunks: ServedChunk[];
  droppedChunks: number;
  bodyBytes: number;
  /** Hold instructions and how each ended. */
  holds: Array<{ atMs: number; released: 'printed' | 'max'; waitedMs: number }>;
  /** True when the client went away before the body was complete. */
  clientClosed: boolean;
}

export interface Hub {
  url: string;
  exchanges: Exchange[];
  close(): Promise<void>;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Cut points for `split`: inside every CR LF pair, inside every multi-byte UTF-8 character, after every colon. */
function splitPoints(buf: Buffer): number[] {
  const cuts: number[] = [];
  for (let i = 1; i < buf.length; i++) {
    const prev = buf[i - 1]!;
    const cur = buf[i]!;
    if (prev === 0x0d || prev === 0x3a || (cur & 0xc0) === 0x80) cuts.push(i);
  }
  return cuts;
}

export function cut(buf: Buffer, chunking: Chunking): Buffer[] {
  if (buf.length === 0) return [];
  if (chunking === 'whole') return [buf];
  if (chunking === 'bytes') return Array.from({ length: buf.length }, (_, i) => buf.subarray(i, i + 1));
  const points = chunking === 'split' ? splitPoints(buf) : [];
  if (chunking === 'blocks') for (let i = BLOCK; i < buf.length; i += BLOCK) points.push(i);
  const out: Buffer[] = [];
  let from = 0;
  for (const p of points) {
    out.push(buf.subarray(from, p));
    from = p;
  }
  out.push(buf.subarray(from));
  return out;
}

/** Consecutive text segments joined; instructions kept apart. */
function runs(body: Segment[]): Array<Buffer | Exclude<Segment, string>> {
  const out: Array<Buffer | Exclude<Segment, string>> = [];
  let text = '';
  for (const s of body) {
    if (typeof s === 'string') text += s;
    else {
      if (text) out.push(Buffer.from(text, 'utf8'));
      text = '';
      out.push(s);
    }
  }
  if (text) out.push(Buffer.from(text, 'utf8'));
  return out;
}

function write(res: ServerResponse, chunk: Buffer): Promise<void> {
  return new Promise((resolve) => {
    if (res.destroyed) return resolve();
    res.write(chunk, () => resolve());
  });
}

/**
 * Starts a hub for one scenario run. `printed` resolves when the driver has printed its first
 * line; `t0` is the time the driver was started (all times in the evidence count from it).
 */
export async function startHub(scenario: Scenario, printed: Promise<void>, t0: () => number): Promise<Hub> {
  const exchanges: Exchange[] = [];
  const invokePath = INVOKE_PATHS[scenario.request.endpoint];
  let nextId = 1;

  const serve = async (req: IncomingMessage, res: ServerResponse, received: ReceivedRequest) => {
    const requestId = `req_hub${String(nextId++).padStart(3, '0')}`;
    if (req.method === 'GET' && received.path === '/.well-known/aip/agent') {
      res.writeHead(200, { 'Content-Type': 'application/json', 'X-Request-Id': requestId });
      res.end(MANIFEST);
      return;
    }
    const scripted = req.method === 'POST' && received.path === invokePath;
    const response = scripted
      ? scenario.response
      : {
          status: 404,
          headers: { 'content-type': 'application/json' },
          body: [
            JSON.stringify({
              error: {
                code: 'not_found',
                message: `The scenario hub serves this scenario at POST ${invokePath}, not ${req.method} ${received.path}.`,
                requestId,
              },
            }),
          ],
        };
    const ex: Exchange = {
      request: received,
      status: response.status,
      headers: { ...response.headers, 'x-request-id': requestId },
      chunks: [],
      droppedChunks: 0,
      bodyBytes: 0,
      holds: [],
      clientClosed: false,
    };
    exchanges.push(ex);
    const closed = new Promise<'closed'>((resolve) =>
      res.on('close', () => {
        if (!res.writableFinished) ex.clientClosed = true;
        resolve('closed');
      }),
    );
    if (scripted && scenario.response.delayMs) await sleep(scenario.response.delayMs);
    const pieces = runs(response.body);
    const stream = /event-stream/i.test(response.headers['content-type'] ?? '');
    const sized = !stream && pieces.every((p) => Buffer.isBuffer(p));
    if (sized) ex.headers['content-length'] = String(pieces.reduce((n, p) => n + (p as Buffer).length, 0));
    res.writeHead(response.status, ex.headers);
    res.flushHeaders();
    const paced = scenario.chunking === 'bytes' || scenario.chunking === 'split';
    let recordedText = 0;
    for (const piece of pieces) {
      if (res.destroyed) break;
      if (!Buffer.isBuffer(piece)) {
        if ('pauseMs' in piece) await sleep(piece.pauseMs);
        else {
          const from = performance.now();
          const released = await Promise.race([
            printed.then(() => 'printed' as const),
            sleep(piece.maxMs).then(() => 'max' as const),
            closed,
          ]);
          if (released === 'closed') break;
          ex.holds.push({ atMs: Math.round(t0()), released, waitedMs: Math.round(performance.now() - from) });
        }
        continue;
      }
      const chunks = cut(piece, scenario.chunking);
      for (let i = 0; i < chunks.length; i++) {
        const c = chunks[i]!;
        if (res.destroyed) break;
        await write(res, c);
        ex.bodyBytes += c.length;
        if (ex.chunks.length < MAX_CHUNK_RECORDS && recordedText < MAX_CHUNK_TEXT) {
          const text = c.toString('utf8', 0, Math.min(c.length, MAX_CHUNK_TEXT - recordedText));
          recordedText += text.length;
          ex.chunks.push({ atMs: Math.round(t0() * 10) / 10, bytes: c.length, text });
        } else ex.droppedChunks++;
        // A pause between writes so the client's reads see the cuts instead of one merged buffer.
        if (paced && i < chunks.length - 1) await sleep(1);
      }
    }
    res.end();
  };

  const server = createServer((req, res) => {
    const parts: Buffer[] = [];
    let bytes = 0;
    req.on('data', (c: Buffer) => {
      bytes += c.length;
      if (bytes <= MAX_REQUEST_BYTES) parts.push(c);
    });
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://hub');
      const received: ReceivedRequest = {
        atMs: Math.round(t0()),
        method: req.method ?? '',
        path: url.pathname,
        headers: Object.fromEntries(
          Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : (v ?? '')]),
        ),
        body: Buffer.concat(parts).toString('utf8'),
        bodyBytes: bytes,
      };
      serve(req, res, received).catch(() => res.destroy());
    });
    req.on('error', () => res.destroy());
  });
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    exchanges,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
