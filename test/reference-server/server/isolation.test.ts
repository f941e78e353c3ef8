import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KEY, OTHER_KEY, createSession, json, send, start, type Running } from './helpers.ts';

let srv: Running;
let sid: string;
let blockId: string;

beforeAll(async () => {
  srv = await start();
  sid = await createSession(srv.url, 'private');
  blockId = (
    await json(srv.url, 'POST', '/v1/aip/blocks', {
      sessionId: sid,
      type: 'note',
      content: 'secret',
      tags: ['preferences'],
    })
  ).body.data.id;
});
afterAll(() => srv.close());

describe('key isolation', () => {
  const asOther = <T>(method: string, path: string, body?: unknown) =>
    json(srv.url, method, path, body, OTHER_KEY) as Promise<{ status: number; body: T & { error: { code: string } } }>;

  it.each([
    ['reading the session', 'GET', () => `/v1/aip/sessions/${sid}`, undefined, 'session_not_found'],
    ['listing its blocks', 'GET', () => `/v1/aip/sessions/${sid}/blocks`, undefined, 'session_not_found'],
    [
      'adding a block to it',
      'POST',
      () => '/v1/aip/blocks',
      () => ({ sessionId: sid, type: 'note', content: 'x' }),
      'session_not_found',
    ],
    ['forking it', 'POST', () => `/v1/aip/sessions/${sid}/fork`, () => ({}), 'session_not_found'],
    [
      'creating from it',
      'POST',
      () => '/v1/aip/sessions',
      () => ({ name: 'steal', fromSession: sid }),
      'session_not_found',
    ],
    [
      'invoking with it',
      'POST',
      () => '/v1/aip/invoke',
      () => ({ agent: 'echo', prompt: 'x', session: sid }),
      'session_not_found',
    ],
    [
      'enriching with its block',
      'POST',
      () => '/v1/aip/invoke',
      () => ({ agent: 'echo', prompt: 'x', enrichment: 'manual', enrichmentConfig: { blockIds: [blockId] } }),
      'block_not_found',
    ],
  ])('another key gets 404 (never 403) when %s', async (_what, method, path, body, code) => {
    const r = await asOther(method, path(), body?.());
    expect(r.status).toBe(404);
    expect(r.body.error.code).toBe(code);
  });

  it("another key's lists and automatic enrichment do not see the owner's data", async () => {
    const list = await asOther<{ data: Array<{ id: string }> }>('GET', '/v1/aip/sessions');
    expect(list.body.data.map((s) => s.id)).not.toContain(sid);
    const auto = await send(
      srv.url,
      'POST',
      '/v1/aip/invoke',
      { 'X-API-Key': OTHER_KEY, 'Content-Type': 'application/json' },
      JSON.stringify({ agent: 'echo', prompt: 'x', enrichment: 'auto', stream: true }),
    );
    expect(auto.body.toString()).not.toContain(blockId);
    const own = await send(
      srv.url,
      'POST',
      '/v1/aip/invoke',
      { 'X-API-Key': KEY, 'Content-Type': 'application/json' },
      JSON.stringify({ agent: 'echo', prompt: 'x', enrichment: 'auto', stream: true }),
    );
    expect(own.body.toString()).toContain(blockId);
  });

  it('the owner still sees everything', async () => {
    const r = await json(srv.url, 'GET', `/v1/aip/sessions/${sid}`);
    expect(r.status).toBe(200);
    expect(r.body.data.blocks).toEqual([blockId]);
  });
});
