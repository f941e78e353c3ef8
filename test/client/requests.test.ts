import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AipError, createClient } from '../../src/client/index.ts';
import { sendJson, startTestServer, type RecordedRequest, type TestServer } from './helpers/test-server.ts';

const HUB = JSON.parse(readFileSync(new URL('./fixtures/hub-responses.json', import.meta.url), 'utf8')) as Record<
  string,
  any
>;
const API_KEY = 'rt_requests_secret_key';

/** A fake hub answering every route with canned, schema-valid data (plus members a newer hub might add). */
function answer(req: RecordedRequest): [number, unknown] {
  const url = new URL(req.url, 'http://x');
  const route = `${req.method} ${url.pathname}`;
  if (req.headers['x-test-invalid']) return [200, { data: { id: 'not-an-id' } }];
  switch (route) {
    case 'POST /v1/aip/invoke':
    case 'POST /.well-known/aip/invoke':
      return [
        200,
        { data: { ...HUB.invocation, x_debug: 'yes', usage: { ...HUB.invocation.usage, cachedTokens: 1 } } },
      ];
    case 'GET /.well-known/aip/agent':
      return [200, url.searchParams.has('agent') ? HUB.agentManifest : HUB.platformManifest];
    case 'POST /v1/aip/sessions':
      return [201, { data: HUB.session }];
    case 'GET /v1/aip/sessions/sess_s1':
      return [200, { data: HUB.session }];
    case 'GET /v1/aip/sessions': {
      if (req.headers['x-test-same-cursor']) return [200, HUB.sessionPages[0]];
      const page = { '': 0, c1: 1, c2: 2 }[url.searchParams.get('cursor') ?? ''] ?? 0;
      return [200, HUB.sessionPages[page]];
    }
    case 'POST /v1/aip/sessions/sess_s1/fork':
      return [201, { data: HUB.fork }];
    case 'POST /v1/aip/blocks':
      return [201, { data: HUB.block }];
    case 'GET /v1/aip/sessions/sess_s1/blocks':
      return [200, { data: [HUB.blockSummary], meta: { hasMore: false } }];
    case 'GET /v1/aip/agents':
      return [200, { data: HUB.agents }];
    default:
      return [404, { error: { code: 'not_found', message: `No route ${route}.` } }];
  }
}

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer((req, res) => {
    if (req.headers['x-test-silent']) return;
    if (req.headers['x-test-not-json']) {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end('{"data":');
      return;
    }
    const [status, body] = answer(req);
    sendJson(res, status, body, { 'X-Request-Id': 'req_fake' });
  });
});
afterAll(() => server.close());

const client = (headers: Record<string, string> = {}, timeoutMs?: number) =>
  createClient({ baseUrl: `${server.url}/`, apiKey: API_KEY, headers, timeoutMs });
const last = () => server.requests.at(-1)!;

describe('JSON invoke', () => {
  it('forces stream: false and returns the Invocation without unknown members', async () => {
    const result = await client().invoke({ agent: 'echo', prompt: 'hi', stream: true, saveToSession: false });
    expect(result).toEqual(HUB.invocation);
    expect(last().body).toEqual({ agent: 'echo', prompt: 'hi', stream: false, saveToSession: false });
    expect(last().headers.accept).toBe('application/json');
    expect(last().headers['x-api-key']).toBe(API_KEY);
  });

  it('portable invoke names the agent in X-AIP-Agent and fills in aip_version', async () => {
    const result = await client().invokePortable('echo', {
      prompt: { content: 'hi' },
      options: { stream: true, save_to_session: false },
    });
    expect(result).toEqual(HUB.invocation);
    expect(last().url).toBe('/.well-known/aip/invoke');
    expect(last().headers['x-aip-agent']).toBe('echo');
    expect(last().body).toEqual({
      aip_version: '0.1.0',
      prompt: { content: 'hi' },
      options: { stream: false, save_to_session: false },
    });
  });

  it('keeps an explicit aip_version', async () => {
    await client().invokePortable('echo', { aip_version: '0.2.0', prompt: { content: 'hi' } });
    expect(last().body).toMatchObject({ aip_version: '0.2.0', options: { stream: false } });
  });

  it('a 2xx body that breaks the schema is invalid_response with violations', async () => {
    const error = (await client({ 'X-Test-Invalid': '1' })
      .invoke({ agent: 'echo', prompt: 'hi' })
      .catch((e: unknown) => e)) as AipError;
    expect(error).toBeInstanceOf(AipError);
    expect(error.code).toBe('invalid_response');
    expect(error.status).toBe(200);
    expect(error.requestId).toBe('req_fake');
    expect(error.violations?.map((v) => v.pointer)).toContain('/data/id');
  });

  it('a 2xx body that is not JSON is invalid_response', async () => {
    const error = (await client({ 'X-Test-Not-Json': '1' })
      .invoke({ agent: 'echo', prompt: 'hi' })
      .catch((e: unknown) => e)) as AipError;
    expect(error.code).toBe('invalid_response');
  });

  it('times out when the server does not answer', async () => {
    const error = (await client({ 'X-Test-Silent': '1' }, 200)
      .invoke({ agent: 'echo', prompt: 'hi' })
      .catch((e: unknown) => e)) as AipError;
    expect(error).toBeInstanceOf(AipError);
    expect(error.code).toBe('timeout');
    await last().clientGone;
  });

  it('a per-call timeout overrides the client default', async () => {
    const error = (await client({ 'X-Test-Silent': '1' })
      .invoke({ agent: 'echo', prompt: 'hi' }, { timeoutMs: 100 })
      .catch((e: unknown) => e)) as AipError;
    expect(error.code).toBe('timeout');
  });
});

describe('manifest', () => {
  it('fetches the platform manifest and one agent manifest', async () => {
    expect(await client().manifest()).toEqual(HUB.platformManifest);
    expect(last().url).toBe('/.well-known/aip/agent');
    const doc = await client().manifest('echo');
    expect(doc.agent.id).toBe('echo');
    expect(doc.agent.capabilities).toEqual({ streaming: true, tools: false });
    expect(last().url).toBe('/.well-known/aip/agent?agent=echo');
  });

  it('works without a key and then sends none', async () => {
    await createClient({ baseUrl: server.url }).manifest();
    expect(last().headers['x-api-key']).toBeUndefined();
  });
});

describe('hub API', () => {
  it('sessions.create / get / fork unwrap data', async () => {
    expect(await client().sessions.create({ name: 'refactor', tags: ['work'] })).toEqual(HUB.session);
    expect(last()).toMatchObject({
      method: 'POST',
      url: '/v1/aip/sessions',
      body: { name: 'refactor', tags: ['work'] },
    });
    expect(await client().sessions.get('sess_s1')).toEqual(HUB.session);
    expect(last()).toMatchObject({ method: 'GET', url: '/v1/aip/sessions/sess_s1', body: undefined });
    expect(await client().sessions.fork('sess_s1', { name: 'refactor (fork)' })).toEqual(HUB.fork);
    expect(last()).toMatchObject({
      method: 'POST',
      url: '/v1/aip/sessions/sess_s1/fork',
      body: { name: 'refactor (fork)' },
    });
    await client().sessions.fork('sess_s1');
    expect(last().body).toEqual({});
  });

  it('sessions.list returns one page; listAll follows every cursor', async () => {
    const page = await client().sessions.list({ limit: 2, tag: 'work' });
    expect(page).toEqual(HUB.sessionPages[0]);
    expect(last().url).toBe('/v1/aip/sessions?limit=2&tag=work');
    const all: string[] = [];
    for await (const s of client().sessions.listAll({ limit: 2 })) all.push(s.id);
    expect(all).toEqual(['sess_p1', 'sess_p2', 'sess_p3', 'sess_p4']);
    expect(server.requests.slice(-3).map((r) => r.url)).toEqual([
      '/v1/aip/sessions?limit=2',
      '/v1/aip/sessions?limit=2&cursor=c1',
      '/v1/aip/sessions?limit=2&cursor=c2',
    ]);
  });

  it('listAll stops with invalid_response when the server repeats a cursor', async () => {
    const seen: string[] = [];
    const error = await (async () => {
      for await (const s of client({ 'X-Test-Same-Cursor': '1' }).sessions.listAll()) seen.push(s.id);
    })().catch((e: unknown) => e);
    expect((error as AipError).code).toBe('invalid_response');
    expect(seen).toEqual(['sess_p1', 'sess_p2', 'sess_p1', 'sess_p2']);
  });

  it('blocks.create / list and agents.list', async () => {
    const created = await client().blocks.create({
      sessionId: 'sess_s1',
      type: 'note',
      content: 'remember tabs',
      tags: ['notes'],
    });
    expect(created).toEqual(HUB.block);
    expect(last()).toMatchObject({
      method: 'POST',
      url: '/v1/aip/blocks',
      body: { sessionId: 'sess_s1', type: 'note' },
    });
    expect(await client().blocks.list('sess_s1', { type: 'note', pinned: false, limit: 5 })).toEqual({
      data: [HUB.blockSummary],
      meta: { hasMore: false },
    });
    expect(last().url).toBe('/v1/aip/sessions/sess_s1/blocks?type=note&pinned=false&limit=5');
    const all = [];
    for await (const b of client().blocks.listAll('sess_s1')) all.push(b);
    expect(all).toEqual([HUB.blockSummary]);
    expect(await client().agents.list()).toEqual(HUB.agents);
    expect(last().url).toBe('/v1/aip/agents');
  });

  it('path parameters are encoded', async () => {
    const error = (await client()
      .sessions.get('sess_../x')
      .catch((e: unknown) => e)) as AipError;
    expect(last().url).toBe('/v1/aip/sessions/sess_..%2Fx');
    expect(error.code).toBe('not_found');
  });
});

describe('headers', () => {
  it('caller headers ride along but never override the protocol headers', async () => {
    const c = createClient({
      baseUrl: server.url,
      apiKey: API_KEY,
      headers: { 'x-api-key': 'rt_other', ACCEPT: 'text/html', 'X-Trace': 't1' },
    });
    await c.invokePortable('echo', { prompt: { content: 'hi' } });
    expect(last().headers['x-api-key']).toBe(API_KEY);
    expect(last().headers.accept).toBe('application/json');
    expect(last().headers['x-trace']).toBe('t1');
  });
});
