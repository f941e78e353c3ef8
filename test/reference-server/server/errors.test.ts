import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERROR_CODES, type ErrorCode } from '../../../src/index.ts';
import cases from './fixtures/invalid-requests.json' with { type: 'json' };
import { KEY, createSession, expectSchema, json, send, start, type Running } from './helpers.ts';

interface Case {
  name: string;
  method: string;
  path: string;
  headers?: Record<string, string | null>;
  body?: unknown;
  rawBody?: string;
  rawBodyHex?: string;
  expect: { status: number; code: string; field?: string; allow?: string; details?: unknown };
}

let srv: Running;
let session: string;

beforeAll(async () => {
  srv = await start();
  session = await createSession(srv.url);
});
afterAll(() => srv.close());

const fill = (text: string) => text.replaceAll('$SESSION', session);

function requestOf(c: Case): { headers: Record<string, string>; body: string | Buffer | undefined } {
  const headers: Record<string, string | null> = {
    'X-API-Key': KEY,
    ...(c.method === 'GET' ? {} : { 'Content-Type': 'application/json' }),
    ...c.headers,
  };
  const body =
    c.rawBodyHex !== undefined
      ? Buffer.from(c.rawBodyHex, 'hex')
      : c.rawBody !== undefined
        ? c.rawBody
        : c.body !== undefined
          ? fill(JSON.stringify(c.body))
          : undefined;
  const present = Object.fromEntries(Object.entries(headers).filter((e): e is [string, string] => e[1] !== null));
  return { headers: present, body };
}

describe('every request failure of the contract', () => {
  it.each(cases as Case[])('$name → $expect.status $expect.code', async (c) => {
    const { headers, body } = requestOf(c);
    const r = await send(srv.url, c.method, fill(c.path), headers, body);
    const envelope = JSON.parse(r.body.toString('utf8'));
    expectSchema('error-envelope', envelope);
    expect({ status: r.status, code: envelope.error.code }).toEqual({ status: c.expect.status, code: c.expect.code });
    expect(r.status).toBe(ERROR_CODES[c.expect.code as ErrorCode].status);
    expect(r.headers['content-type']).toMatch(/^application\/json/);
    expect(envelope.error.requestId).toBe(r.headers['x-request-id']);
    expect(envelope.error.message.length).toBeGreaterThan(10);
    expect(envelope.error.retryable).toBe(ERROR_CODES[c.expect.code as ErrorCode].retryable);
    if (c.expect.field !== undefined) expect(envelope.error.field).toBe(c.expect.field);
    if (c.expect.allow !== undefined) expect(r.headers.allow).toBe(c.expect.allow);
    if (c.expect.details !== undefined) expect(envelope.error.details).toEqual(c.expect.details);
  });
});

describe('body size limit', () => {
  const big = JSON.stringify({ agent: 'echo', prompt: 'x'.repeat(1024 * 1024 + 10) });

  it('refuses a body over 1 MiB declared by Content-Length with 413', async () => {
    const r = await send(
      srv.url,
      'POST',
      '/v1/aip/invoke',
      { 'X-API-Key': KEY, 'Content-Type': 'application/json' },
      big,
    );
    expect(r.status).toBe(413);
    expect(JSON.parse(r.body.toString()).error.code).toBe('payload_too_large');
  });

  it('refuses a chunked body as soon as it crosses the limit, before the client finished sending', async () => {
    const socket = connect(Number(new URL(srv.url).port), '127.0.0.1');
    await new Promise((r) => socket.once('connect', r));
    socket.write(
      `POST /v1/aip/invoke HTTP/1.1\r\nHost: x\r\nX-API-Key: ${KEY}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n`,
    );
    const chunk = 'a'.repeat(64 * 1024);
    let answer = '';
    socket.on('data', (d: Buffer) => (answer += d.toString('latin1')));
    // 1.5 MiB sent, the body never finishes: the 413 must come anyway.
    for (let i = 0; i < 24; i++) socket.write(`${chunk.length.toString(16)}\r\n${chunk}\r\n`);
    await new Promise<void>((resolve, reject) => {
      const deadline = setTimeout(() => reject(new Error(`no 413 in time: ${answer.slice(0, 80)}`)), 3000);
      const check = () => {
        if (answer.includes('payload_too_large')) {
          clearTimeout(deadline);
          resolve();
        } else setTimeout(check, 10);
      };
      check();
    });
    expect(answer.startsWith('HTTP/1.1 413')).toBe(true);
    socket.destroy();
  });

  it('accepts a body just under the limit', async () => {
    const prompt = 'y'.repeat(1024 * 1024 - 100);
    const r = await json(srv.url, 'POST', '/v1/aip/invoke', { agent: 'echo', prompt });
    expect(r.status).toBe(200);
    expect(r.body.data.output).toBe(prompt);
  });
});

describe('inputs that could reach recursive code', () => {
  it('refuses JSON nested deeper than the limit with invalid_request, not a crash', async () => {
    const deep = '['.repeat(100_000) + ']'.repeat(100_000);
    const r = await send(
      srv.url,
      'POST',
      '/v1/aip/blocks',
      { 'X-API-Key': KEY, 'Content-Type': 'application/json' },
      `{"sessionId":"${session}","type":"tool_result","content":{"tool":"t","input":{},"output":${deep}}}`,
    );
    expect(r.status).toBe(400);
    const body = JSON.parse(r.body.toString());
    expect(body.error.code).toBe('invalid_request');
    expect(body.error.field).toMatch(/^\/content\/output(\/0)+$/);
  });
});

describe('streaming_unsupported', () => {
  it('refuses stream: true for an agent whose manifest says stream: false, before any stream', async () => {
    const quiet = await start({
      agents: [
        {
          manifest: {
            id: 'batch-only',
            name: 'Batch only',
            version: '1.0.0',
            capabilities: { streaming: false },
            context_requirements: { max_tokens: 100, supported_block_types: ['note'] },
            tools: [],
            models: [],
            stream: false,
          },
          async *run() {
            yield { type: 'text', content: 'ok' };
          },
        },
      ],
    });
    try {
      const hub = await json(quiet.url, 'POST', '/v1/aip/invoke', { agent: 'batch-only', prompt: 'x', stream: true });
      expect(hub.status).toBe(400);
      expect(hub.body.error).toMatchObject({ code: 'streaming_unsupported', field: '/stream' });
      const portable = await send(
        quiet.url,
        'POST',
        '/.well-known/aip/invoke',
        { 'X-API-Key': KEY, 'X-AIP-Agent': 'batch-only', 'Content-Type': 'application/json' },
        JSON.stringify({ aip_version: '0.1.0', prompt: { content: 'x' }, options: { stream: true } }),
      );
      expect(portable.status).toBe(400);
      expect(JSON.parse(portable.body.toString()).error).toMatchObject({
        code: 'streaming_unsupported',
        field: '/options/stream',
      });
      const ok = await json(quiet.url, 'POST', '/v1/aip/invoke', { agent: 'batch-only', prompt: 'x' });
      expect(ok.body.data.output).toBe('ok');
    } finally {
      await quiet.close();
    }
  });
});

describe('unparsable HTTP', () => {
  it('answers a request line Node cannot parse with a JSON invalid_request envelope', async () => {
    const socket = connect(Number(new URL(srv.url).port), '127.0.0.1');
    let answer = '';
    socket.on('data', (d: Buffer) => (answer += d.toString('utf8')));
    const closed = new Promise((r) => socket.on('close', r));
    socket.write('BREW /coffee HTTP/1.1\r\nHost: x\r\n\r\n');
    await closed;
    expect(answer).toMatch(/^HTTP\/1\.1 400 /);
    const envelope = JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4));
    expectSchema('error-envelope', envelope);
    expect(envelope.error.code).toBe('invalid_request');
  });
});
