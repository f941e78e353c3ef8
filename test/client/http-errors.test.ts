import { readFileSync } from 'node:fs';
import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLIENT_ERROR_CODES, createClient } from '../../src/client/index.ts';
import { startTestServer, type TestServer } from './helpers/test-server.ts';
import { rejection } from './helpers/rejection.ts';

interface ErrorCase {
  name: string;
  status: number;
  contentType?: string;
  body?: unknown;
  raw?: string;
  expect: { code: string; message: string; field?: string; requestId?: string; retryable?: boolean; details?: unknown };
}

const CASES = JSON.parse(
  readFileSync(new URL('./fixtures/error-responses.json', import.meta.url), 'utf8'),
) as ErrorCase[];
const API_KEY = 'rt_http_error_secret_key';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer((req, res) => {
    if (req.headers['x-test-echo-key']) {
      res.writeHead(401, { 'Content-Type': 'application/json' });
      const key = String(req.headers['x-api-key']);
      res.end(
        JSON.stringify({
          error: {
            code: 'unauthorized',
            message: `The key ${key} is revoked.`,
            field: `header:${key}`,
            details: { key },
          },
        }),
      );
      return;
    }
    const c = CASES.find((x) => x.name === req.headers['x-test-error'])!;
    res.writeHead(c.status, { 'Content-Type': c.contentType ?? 'application/json', 'X-Request-Id': 'req_hdr' });
    res.end(c.raw ?? JSON.stringify(c.body));
  });
});
afterAll(() => server.close());

const CALLS = {
  invoke: (c: ReturnType<typeof createClient>) => c.invoke({ agent: 'echo', prompt: 'hi' }),
  stream: async (c: ReturnType<typeof createClient>) => {
    for await (const _ of c.stream({ agent: 'echo', prompt: 'hi' })) throw new Error('no event expected');
  },
  'sessions.get': (c: ReturnType<typeof createClient>) => c.sessions.get('sess_x'),
};

describe('non-2xx answers become AipError', () => {
  const table = CASES.flatMap((c) => Object.keys(CALLS).map((call) => [c.name, call, c] as const));
  it.each(table)('%s (%s)', async (_name, call, c) => {
    const client = createClient({ baseUrl: server.url, apiKey: API_KEY, headers: { 'X-Test-Error': c.name } });
    const error = await rejection(CALLS[call as keyof typeof CALLS](client));
    expect(error.status).toBe(c.status);
    expect(error.code).toBe(c.expect.code);
    expect(error.field).toBe(c.expect.field);
    if (c.expect.requestId) expect(error.requestId).toBe(c.expect.requestId);
    if (c.expect.retryable !== undefined) expect(error.retryable).toBe(c.expect.retryable);
    if (c.expect.details) expect(error.details).toEqual(c.expect.details);
    expect(error.message).toContain(c.expect.message);
    expect(error.message).toContain(String(c.status));
  });
});

describe('the API key never leaks into errors', () => {
  it('is blanked even when the server echoes it back', async () => {
    const client = createClient({ baseUrl: server.url, apiKey: API_KEY, headers: { 'X-Test-Echo-Key': '1' } });
    const error = await rejection(client.invoke({ agent: 'echo', prompt: 'hi' }));
    expect(error.code).toBe('unauthorized');
    expect(error.message).toContain('rt_…redacted');
    for (const form of [
      String(error),
      error.stack ?? '',
      inspect(error, { depth: Infinity, showHidden: true }),
      JSON.stringify(error),
    ]) {
      expect(form).not.toContain(API_KEY);
    }
  });

  it('is absent from network failures and from the client object', async () => {
    const dead = await startTestServer(() => undefined);
    await dead.close();
    const client = createClient({ baseUrl: dead.url, apiKey: API_KEY });
    const error = await rejection(client.invoke({ agent: 'echo', prompt: 'hi' }));
    expect(error.code).toBe('network_error');
    expect(error.status).toBeUndefined();
    expect(error.message).toMatch(/ECONNREFUSED|fetch failed/);
    expect(inspect(error, { depth: Infinity, showHidden: true })).not.toContain(API_KEY);
    expect(inspect(client, { depth: Infinity, showHidden: true })).not.toContain(API_KEY);
  });
});

describe('client error codes', () => {
  it('every code has a retryable default and a doc comment in errors.ts', () => {
    const source = readFileSync(new URL('../../src/client/errors.ts', import.meta.url), 'utf8');
    for (const code of Object.keys(CLIENT_ERROR_CODES)) {
      expect(source).toMatch(new RegExp(`/\\*\\*[^*]+\\*/\\s*${code}:`));
    }
  });
});
