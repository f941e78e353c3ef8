/**
 * An in-process fault-injecting HTTP proxy. It forwards every request to a real upstream server
 * and lets one mutant rewrite the request, answer it itself, or rewrite the answer: status,
 * headers, JSON body, or an SSE stream at the event level (parsed with the project's parser,
 * re-encoded) and at the byte level (framing, chunking, pacing, buffering).
 */
import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type {
  BufferedResponse,
  Mutant,
  MutantContext,
  ProxyRequest,
  ResponseHead,
  SyntheticResponse,
  Variant,
} from './types.ts';
import { pipeStream } from './stream-rewrite.ts';

export interface RunningProxy {
  url: string;
  /** One line per proxied request, for diagnosing a surprising verdict. */
  log: string[];
  close(): Promise<void>;
}

type Fault = Omit<Mutant, 'name' | 'fault' | 'expect'> | Omit<Variant, 'oddity' | 'warns'>;

const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'transfer-encoding',
  'upgrade',
  'proxy-connection',
  'te',
  'trailer',
]);

export interface ProxyOptions {
  upstreamUrl: string;
  apiKey: string;
  secondApiKey?: string;
}

export async function startProxy(
  { upstreamUrl, apiKey, secondApiKey }: ProxyOptions,
  fault: Fault = {},
): Promise<RunningProxy> {
  const upstream = new URL(upstreamUrl);
  const log: string[] = [];
  const ctx: MutantContext = {
    apiKey,
    ...(secondApiKey !== undefined ? { secondApiKey } : {}),
    state: new Map(),
    forward: (req) => send(upstream, req),
    call: (req, method, path, body) => send(upstream, sideRequest(req, method, path, body)),
  };

  const server = createServer((incoming, res) => {
    handle(incoming, res).catch((err: unknown) => {
      log.push(`proxy error: ${String(err)}`);
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
      res.end();
    });
  });

  async function handle(incoming: IncomingMessage, res: ServerResponse): Promise<void> {
    let req = toProxyRequest(incoming, await readAll(incoming));
    const applies = fault.when ? fault.when(req) : true;
    if (applies && fault.request) req = await fault.request(req, ctx);
    if (applies && fault.respond) {
      const made = await fault.respond(req, ctx);
      if (made) {
        log.push(`${req.method} ${req.path} -> ${made.status} (made up)`);
        sendSynthetic(res, made);
        return;
      }
    }
    const up = await open(upstream, req);
    const drain = applies && fault.stream?.drainOnDisconnect === true;
    res.on('close', () => {
      if (!res.writableFinished && !drain) up.destroy();
    });
    let head: ResponseHead = { status: up.statusCode ?? 502, headers: flatHeaders(up.headers) };
    const contentType = head.headers['content-type'] ?? '';
    const isStream = contentType.startsWith('text/event-stream');
    const isJson = /^application\/([a-z.+-]*\+)?json/.test(contentType);
    if (applies && fault.head) head = fault.head(head, req);
    log.push(`${req.method} ${req.path} -> ${head.status}`);

    if (applies && isStream && fault.stream) {
      const headers = { ...head.headers };
      delete headers['content-length'];
      res.writeHead(head.status, stripHopByHop(headers));
      await pipeStream(up, res, req, ctx, fault.stream);
      return;
    }
    if (applies && head.status >= 400 && fault.error) {
      const body = await readAll(up);
      const made = await fault.error({ ...head, body, json: parseJson(body) }, req, ctx);
      sendSynthetic(res, made ?? { ...head, body });
      return;
    }
    if (applies && head.status < 300 && isJson && fault.json) {
      const body = await readAll(up);
      const parsed = parseJson(body);
      const out = parsed === undefined ? body : Buffer.from(JSON.stringify(await fault.json(parsed, req, ctx)));
      res.writeHead(head.status, { ...stripHopByHop(head.headers), 'content-length': String(out.length) });
      res.end(out);
      return;
    }
    res.writeHead(head.status, stripHopByHop(head.headers));
    up.pipe(res);
  }

  // Loopback only: tests send nothing beyond this machine's loopback interface.
  const host = '127.0.0.1';
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${port}`,
    log,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function toProxyRequest(incoming: IncomingMessage, body: Buffer): ProxyRequest {
  const url = new URL(incoming.url ?? '/', 'http://proxy.invalid');
  return {
    method: incoming.method ?? 'GET',
    path: url.pathname,
    query: url.searchParams,
    headers: flatHeaders(incoming.headers),
    body,
    json: parseJson(body),
  };
}

/** A request to another route with the caller's credentials, for mutants that act on the upstream. */
function sideRequest(like: ProxyRequest, method: string, path: string, body?: unknown): ProxyRequest {
  const url = new URL(path, 'http://proxy.invalid');
  const headers: Record<string, string> = {};
  if (like.headers['x-api-key'] !== undefined) headers['x-api-key'] = like.headers['x-api-key'];
  const bytes = body === undefined ? Buffer.alloc(0) : Buffer.from(JSON.stringify(body));
  if (body !== undefined) headers['content-type'] = 'application/json';
  return { method, path: url.pathname, query: url.searchParams, headers, body: bytes, json: body };
}

function open(upstream: URL, req: ProxyRequest): Promise<IncomingMessage> {
  const headers: Record<string, string> = { ...req.headers, host: upstream.host };
  for (const name of Object.keys(headers)) if (HOP_BY_HOP.has(name) || name === 'content-length') delete headers[name];
  if (req.body.length > 0 || !['GET', 'HEAD'].includes(req.method)) headers['content-length'] = String(req.body.length);
  const search = req.query.toString();
  return new Promise((resolve, reject) => {
    const out = httpRequest(
      {
        host: upstream.hostname,
        port: upstream.port,
        method: req.method,
        path: req.path + (search ? `?${search}` : ''),
        headers,
        // A fresh connection per request: reusing a pooled one races the upstream's keep-alive
        // timeout under load and surfaced as "socket hang up" in trials that had nothing wrong.
        agent: false,
      },
      resolve,
    );
    out.on('error', reject);
    out.end(req.body);
  });
}

async function send(upstream: URL, req: ProxyRequest): Promise<BufferedResponse> {
  const res = await open(upstream, req);
  const body = await readAll(res);
  return { status: res.statusCode ?? 502, headers: flatHeaders(res.headers), body, json: parseJson(body) };
}

/** Turns an upstream answer read to the end into one the proxy can send (or edit first). */
export function relay(r: BufferedResponse): SyntheticResponse {
  return { status: r.status, headers: r.headers, body: r.body };
}

function sendSynthetic(res: ServerResponse, made: SyntheticResponse): void {
  const headers = { ...stripHopByHop(made.headers ?? {}) };
  delete headers['content-length'];
  let body: Buffer;
  if (made.body === undefined) body = Buffer.alloc(0);
  else if (Buffer.isBuffer(made.body)) body = made.body;
  else if (typeof made.body === 'string') body = Buffer.from(made.body);
  else {
    body = Buffer.from(JSON.stringify(made.body));
    headers['content-type'] ??= 'application/json';
  }
  headers['content-length'] = String(body.length);
  res.writeHead(made.status, headers);
  res.end(body);
}

function readAll(stream: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on('data', (c: Buffer) => chunks.push(c));
    stream.on('end', () => resolve(Buffer.concat(chunks)));
    stream.on('error', reject);
  });
}

function flatHeaders(headers: IncomingMessage['headers']): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

function stripHopByHop(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) if (!HOP_BY_HOP.has(name.toLowerCase())) out[name] = value;
  return out;
}

function parseJson(body: Buffer | string): unknown {
  const text = typeof body === 'string' ? body : body.toString('utf8');
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
