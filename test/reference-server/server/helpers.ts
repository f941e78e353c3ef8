import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { expect } from 'vitest';
import { createServer, type AipServer, type ServerOptions } from '../../../reference-server/index.ts';
import { validate, type AipEvent, type WireSchemaName } from '../../../src/index.ts';
import { createParser } from '../../../src/sse/index.ts';

export const KEY = 'rt_test_server_suite_key_a';
export const OTHER_KEY = 'rt_test_server_suite_key_b';

export const auth = (key = KEY) => ({ 'X-API-Key': key });
export const jsonHeaders = (key = KEY) => ({ ...auth(key), 'Content-Type': 'application/json' });

export interface Running {
  server: AipServer;
  url: string;
  close: () => Promise<void>;
}

/** A reference server on a free loopback port (SQLite :memory: unless told otherwise). */
export async function start(options: Partial<ServerOptions> = {}): Promise<Running> {
  const server = createServer({ apiKeys: [KEY, OTHER_KEY], log: () => undefined, ...options });
  const { url } = await server.listen(0);
  return { server, url, close: () => server.close() };
}

export interface Exchange {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** One raw HTTP exchange (any method, any bytes), on a fresh connection. */
export function send(
  url: string,
  method: string,
  path: string,
  headers: Record<string, string> = {},
  body?: string | Buffer,
): Promise<Exchange> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${url}${path}`, { method, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

export async function json(
  url: string,
  method: string,
  path: string,
  body?: unknown,
  key = KEY,
): Promise<{ status: number; headers: IncomingHttpHeaders; body: any }> {
  const r = await send(
    url,
    method,
    path,
    body === undefined ? auth(key) : jsonHeaders(key),
    body === undefined ? undefined : JSON.stringify(body),
  );
  return {
    status: r.status,
    headers: r.headers,
    body: r.body.length > 0 ? JSON.parse(r.body.toString('utf8')) : undefined,
  };
}

export interface ParsedStream {
  events: AipEvent[];
  comments: string[];
}

/** Decodes an SSE body into events whose `data` is parsed JSON. */
export function parseStream(text: string | Buffer): ParsedStream {
  const events: AipEvent[] = [];
  const comments: string[] = [];
  const parser = createParser({
    onEvent: (e) => events.push({ event: e.type, data: JSON.parse(e.data) } as AipEvent),
    onComment: (c) => comments.push(c),
  });
  parser.feed(typeof text === 'string' ? text : new Uint8Array(text));
  parser.end();
  return { events, comments };
}

export async function createSession(
  url: string,
  name = 'suite',
  key = KEY,
  extra: Record<string, unknown> = {},
): Promise<string> {
  const r = await json(url, 'POST', '/v1/aip/sessions', { name, ...extra }, key);
  expect(r.status).toBe(201);
  return r.body.data.id as string;
}

export function expectSchema(name: WireSchemaName, value: unknown): void {
  const result = validate(name, value);
  expect(result.ok ? [] : result.violations).toEqual([]);
}

const EVENT_SCHEMA: Record<string, WireSchemaName> = {
  start: 'event-start',
  context_assembled: 'event-context-assembled',
  thinking: 'event-thinking',
  text_delta: 'event-text-delta',
  tool_call: 'event-tool-call',
  tool_result: 'event-tool-result',
  file_edit: 'event-file-edit',
  dev_url: 'event-dev-url',
  complete: 'event-complete',
  error: 'event-error',
};

const CONTENT_EVENTS = new Set(['thinking', 'text_delta', 'tool_call', 'tool_result', 'file_edit', 'dev_url']);

/** Asserts every payload schema and every ordering law of the contract on one stream. */
export function expectLawfulStream(events: AipEvent[], session: string | null): void {
  for (const e of events) expectSchema(EVENT_SCHEMA[e.event]!, e.data);
  const names = events.map((e) => e.event);
  expect(names[0]).toBe('start');
  expect(names.filter((n) => n === 'context_assembled')).toHaveLength(1);
  const assembledAt = names.indexOf('context_assembled');
  names.forEach((n, i) => {
    if (CONTENT_EVENTS.has(n)) expect(i).toBeGreaterThan(assembledAt);
  });
  const terminals = names.filter((n) => n === 'complete' || n === 'error');
  expect(terminals).toHaveLength(1);
  expect(['complete', 'error']).toContain(names.at(-1));
  const start = events[0]!.data as { invocationId: string; session: string | null };
  const terminal = events.at(-1)!;
  expect((terminal.data as { invocationId: string }).invocationId).toBe(start.invocationId);
  expect(start.session).toBe(session);

  const open = new Set<string>();
  const seen = new Set<string>();
  for (const e of events) {
    if (e.event === 'text_delta') expect(e.data.content).not.toBe('');
    if (e.event === 'tool_call') {
      expect(seen.has(e.data.id)).toBe(false);
      seen.add(e.data.id);
      open.add(e.data.id);
    }
    if (e.event === 'tool_result') expect(open.delete(e.data.toolCallId)).toBe(true);
    if ((e.event === 'file_edit' || e.event === 'dev_url') && e.data.toolCallId !== undefined)
      expect(open.has(e.data.toolCallId)).toBe(true);
  }
  if (terminal.event === 'complete') {
    expect(open.size).toBe(0);
    const text = events.flatMap((e) => (e.event === 'text_delta' ? [e.data.content] : [])).join('');
    expect(terminal.data.output).toBe(text);
    const assembled = events[assembledAt]!.data as { tokenCount: number };
    expect(terminal.data.usage.contextTokens).toBe(assembled.tokenCount);
    expect(terminal.data.usage.inputTokens).toBeGreaterThanOrEqual(terminal.data.usage.contextTokens);
    expect(terminal.data.session).toBe(session);
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls until `check` returns a value other than undefined, or fails after `ms`. */
export async function eventually<T>(check: () => Promise<T | undefined> | T | undefined, ms = 3000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await sleep(20);
  }
}

export interface OpenStream {
  /** Events so far, in arrival order, with arrival times. */
  events: Array<AipEvent & { at: number }>;
  comments: string[];
  /** Resolves with the first event named `name`. */
  waitFor(name: string): Promise<AipEvent>;
  /** Resolves when the response ends or the connection closes. */
  ended: Promise<void>;
  /** Drops the connection from the client side. */
  abort(): void;
}

/** Opens a streaming hub invoke and parses events as they arrive. */
export function openStream(url: string, body: Record<string, unknown>, key = KEY): OpenStream {
  const events: Array<AipEvent & { at: number }> = [];
  const comments: string[] = [];
  const waiters: Array<{ name: string; resolve: (e: AipEvent) => void }> = [];
  const parser = createParser({
    onEvent: (e) => {
      const event = { event: e.type, data: JSON.parse(e.data), at: Date.now() } as AipEvent & { at: number };
      events.push(event);
      for (const w of waiters.filter((w) => w.name === event.event)) w.resolve(event);
    },
    onComment: (c) => comments.push(c),
  });
  let endIt!: () => void;
  const ended = new Promise<void>((r) => (endIt = r));
  const req = httpRequest(
    `${url}/v1/aip/invoke`,
    { method: 'POST', headers: jsonHeaders(key), agent: false },
    (res) => {
      res.on('data', (c: Buffer) => parser.feed(new Uint8Array(c)));
      res.on('end', endIt);
      res.on('close', endIt);
      res.on('error', endIt);
    },
  );
  req.on('error', endIt);
  req.end(JSON.stringify({ ...body, stream: true }));
  return {
    events,
    comments,
    waitFor: (name) => {
      const seen = events.find((e) => e.event === name);
      return seen ? Promise.resolve(seen) : new Promise((resolve) => waiters.push({ name, resolve }));
    },
    ended,
    abort: () => req.destroy(),
  };
}
