import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type AipServer } from '../../../reference-server/index.ts';
import { AIP_VERSION, manifestHash } from '../../../src/index.ts';
import { KEY, OTHER_KEY, expectLawfulStream, expectSchema, parseStream } from './helpers.ts';

let server: AipServer;
let http: ReturnType<typeof request>;
const k = { 'X-API-Key': KEY };

beforeAll(() => {
  server = createServer({ apiKeys: [KEY, OTHER_KEY], log: () => undefined });
  http = request(server.handler);
});
afterAll(() => server.close());

async function newSession(body: Record<string, unknown> = { name: 'endpoints' }): Promise<string> {
  const r = await request(server.handler).post('/v1/aip/sessions').set(k).send(body).expect(201);
  return r.body.data.id as string;
}

describe('manifest', () => {
  it('serves the platform manifest without a key, claiming core and hub, with verifiable hashes', async () => {
    const r = await request(server.handler).get('/.well-known/aip/agent').expect(200);
    expect(r.headers['content-type']).toMatch(/^application\/json/);
    expect(r.headers['x-request-id']).toMatch(/^req_/);
    expectSchema('platform-manifest-document', r.body);
    expect(r.body.aip_version).toBe(AIP_VERSION);
    expect(r.body.profiles).toEqual(['core', 'hub']);
    expect(r.body.agents.map((a: { id: string }) => a.id)).toEqual([
      'echo',
      'code-assistant',
      'failing',
      'slow',
      'conformance',
    ]);
    for (const agent of r.body.agents) {
      expect(agent.manifest_hash).toBe(manifestHash(agent));
      expect(agent.stream).toBe(true);
      expect(agent.invoke).toBe('/.well-known/aip/invoke');
    }
  });

  it('serves one agent with ?agent= and ignores a key that is sent', async () => {
    const r = await request(server.handler)
      .get('/.well-known/aip/agent?agent=code-assistant')
      .set('X-API-Key', 'not-a-key')
      .expect(200);
    expectSchema('agent-manifest-document', r.body);
    expect(r.body.agent.id).toBe('code-assistant');
  });

  it('answers an unknown slug with agent_not_found', async () => {
    const r = await request(server.handler).get('/.well-known/aip/agent?agent=nope').expect(404);
    expectSchema('error-envelope', r.body);
    expect(r.body.error.code).toBe('agent_not_found');
  });
});

describe('agents list', () => {
  it('lists every manifest agent with the capabilities that are true', async () => {
    const manifest = (await request(server.handler).get('/.well-known/aip/agent')).body;
    const r = await request(server.handler).get('/v1/aip/agents').set(k).expect(200);
    expectSchema('agent-list-response', r.body);
    expect(r.body.data.map((a: { id: string }) => a.id)).toEqual(manifest.agents.map((a: { id: string }) => a.id));
    for (const summary of r.body.data) {
      const agent = manifest.agents.find((a: { id: string }) => a.id === summary.id);
      const on = Object.entries(agent.capabilities as Record<string, boolean>)
        .filter(([, v]) => v)
        .map(([n]) => n);
      expect(summary.capabilities).toEqual(on);
      expect(summary.status).toBe('active');
    }
  });
});

describe('sessions', () => {
  it('creates, reads and lists sessions (most recently updated first) with pagination', async () => {
    const created = await request(server.handler)
      .post('/v1/aip/sessions')
      .set(k)
      .send({ name: 'alpha', tags: ['t1'], defaultAgent: 'echo' })
      .expect(201);
    expectSchema('session-response', created.body);
    const s = created.body.data;
    expect(s).toMatchObject({ name: 'alpha', tags: ['t1'], defaultAgent: 'echo', blocks: [], pinnedBlocks: [] });
    expect(s.metrics).toMatchObject({ totalTokens: 0, blockCount: 0, invocationCount: 0, tokensRemainingPct: 100 });

    const read = await request(server.handler).get(`/v1/aip/sessions/${s.id}`).set(k).expect(200);
    expectSchema('session-response', read.body);
    expect(read.body.data).toEqual(s);

    const second = await newSession({ name: 'beta', tags: ['t2'] });
    const page1 = await request(server.handler).get('/v1/aip/sessions?limit=1').set(k).expect(200);
    expectSchema('session-list-response', page1.body);
    expect(page1.body.data.map((x: { id: string }) => x.id)).toEqual([second]);
    expect(page1.body.meta.hasMore).toBe(true);
    const page2 = await request(server.handler)
      .get(`/v1/aip/sessions?limit=1&cursor=${encodeURIComponent(page1.body.meta.nextCursor)}`)
      .set(k)
      .expect(200);
    expect(page2.body.data[0].id).not.toBe(second);

    const tagged = await request(server.handler).get('/v1/aip/sessions?tag=t1').set(k).expect(200);
    expect(tagged.body.data.map((x: { id: string }) => x.id)).toEqual([s.id]);
  });

  it('forks through the fork endpoint and through fromSession, copying the selected blocks', async () => {
    const source = await newSession({ name: 'source' });
    const keep = await request(server.handler)
      .post('/v1/aip/blocks')
      .set(k)
      .send({ sessionId: source, type: 'note', content: 'keep', tags: ['keep'] })
      .expect(201);
    await request(server.handler)
      .post('/v1/aip/blocks')
      .set(k)
      .send({ sessionId: source, type: 'note', content: 'drop', tags: ['drop'] })
      .expect(201);

    const fork = await request(server.handler)
      .post(`/v1/aip/sessions/${source}/fork`)
      .set(k)
      .send({ name: 'fork', includeByTag: ['keep'] })
      .expect(201);
    expectSchema('session-response', fork.body);
    expect(fork.body.data.forkedFrom).toBe(source);
    expect(fork.body.data.metrics.blockCount).toBe(1);
    expect(fork.body.data.blocks).not.toContain(keep.body.data.id);

    const viaCreate = await request(server.handler)
      .post('/v1/aip/sessions')
      .set(k)
      .send({ name: 'fork2', fromSession: source })
      .expect(201);
    expect(viaCreate.body.data).toMatchObject({ name: 'fork2', forkedFrom: source });
    expect(viaCreate.body.data.metrics.blockCount).toBe(2);
  });

  it('forks with the source\u2019s tags and default agent through the fork endpoint, and the request\u2019s through create', async () => {
    const source = await newSession({ name: 'src', tags: ['origin'], defaultAgent: 'echo' });
    await request(server.handler)
      .post('/v1/aip/blocks')
      .set(k)
      .send({ sessionId: source, type: 'note', content: 'n' })
      .expect(201);

    // No body and no Content-Type at all: the fork endpoint reads it as {} (AIP-SES-014).
    const bare = await request(server.handler).post(`/v1/aip/sessions/${source}/fork`).set(k).expect(201);
    expect(bare.body.data).toMatchObject({
      name: 'src (fork)',
      tags: ['origin'],
      defaultAgent: 'echo',
      forkedFrom: source,
    });
    expect(bare.body.data.metrics.blockCount).toBe(1);

    const viaCreate = await request(server.handler)
      .post('/v1/aip/sessions')
      .set(k)
      .send({ name: 'copy', tags: ['copy'], fromSession: source })
      .expect(201);
    expect(viaCreate.body.data).toMatchObject({ name: 'copy', tags: ['copy'], forkedFrom: source });
    expect(viaCreate.body.data.defaultAgent).toBeUndefined();
  });

  it('still refuses a non-empty fork body that is not JSON', async () => {
    const source = await newSession();
    const r = await request(server.handler)
      .post(`/v1/aip/sessions/${source}/fork`)
      .set(k)
      .set('Content-Type', 'text/plain')
      .send('name=x')
      .expect(415);
    expect(r.body.error.code).toBe('unsupported_media_type');
  });
});

describe('blocks', () => {
  it('creates blocks of every type and lists them oldest first with filters', async () => {
    const sid = await newSession();
    const bodies = [
      { type: 'conversation', content: [{ role: 'user', content: 'hi' }] },
      { type: 'file', content: { path: 'src/a.ts', content: 'export {}' }, pinned: true },
      { type: 'diff', content: { path: 'src/a.ts', diff: '@@ -1 +1 @@' } },
      { type: 'event', content: { name: 'deploy' } },
      { type: 'note', content: 'remember this', tags: ['preferences'] },
      { type: 'summary', content: { text: 'so far' } },
      { type: 'tool_result', content: { tool: 'ls', input: {}, output: ['a'] }, importance: 0.8 },
    ];
    const ids: string[] = [];
    for (const body of bodies) {
      const r = await request(server.handler)
        .post('/v1/aip/blocks')
        .set(k)
        .send({ sessionId: sid, ...body })
        .expect(201);
      expectSchema('block-response', r.body);
      expect(r.body.data).toMatchObject({ sessionId: sid, type: body.type, content: body.content });
      ids.push(r.body.data.id);
    }
    const file = (await request(server.handler).get(`/v1/aip/sessions/${sid}/blocks?type=file`).set(k).expect(200))
      .body;
    expect(file.data).toHaveLength(1);
    expect(file.data[0].metadata).toMatchObject({ path: 'src/a.ts', pinned: true });

    const all = (await request(server.handler).get(`/v1/aip/sessions/${sid}/blocks`).set(k).expect(200)).body;
    expectSchema('block-list-response', all);
    expect(all.data.map((b: { id: string }) => b.id)).toEqual(ids);
    expect(all.meta).toEqual({ hasMore: false });

    const pinned = (await request(server.handler).get(`/v1/aip/sessions/${sid}/blocks?pinned=true`).set(k).expect(200))
      .body;
    expect(pinned.data.map((b: { id: string }) => b.id)).toEqual([ids[1]]);
    const tagged = (
      await request(server.handler).get(`/v1/aip/sessions/${sid}/blocks?tag=preferences`).set(k).expect(200)
    ).body;
    expect(tagged.data.map((b: { id: string }) => b.id)).toEqual([ids[4]]);

    const session = (await request(server.handler).get(`/v1/aip/sessions/${sid}`).set(k).expect(200)).body.data;
    expect(session.blocks).toEqual(ids);
    expect(session.pinnedBlocks).toEqual([ids[1]]);
  });
});

describe('hub invoke', () => {
  it('answers JSON with a completed invocation and saves the exchange as two blocks', async () => {
    const sid = await newSession();
    const r = await http
      .post('/v1/aip/invoke')
      .set(k)
      .send({ agent: 'echo', prompt: 'hello there', session: sid })
      .expect(200);
    expectSchema('invoke-response', r.body);
    const inv = r.body.data;
    expect(inv).toMatchObject({ status: 'completed', output: 'hello there', agent: 'echo', session: sid });
    expect(inv.id).toMatch(/^inv_/);
    expect(inv.blocksCreated).toHaveLength(2);

    const blocks = (await request(server.handler).get(`/v1/aip/sessions/${sid}/blocks`).set(k)).body.data;
    expect(blocks.map((b: { id: string }) => b.id)).toEqual(inv.blocksCreated);
    const [user, assistant] = await Promise.all(
      inv.blocksCreated.map((id: string) =>
        request(server.handler)
          .post('/v1/aip/invoke')
          .set(k)
          .send({ agent: 'echo', prompt: 'x', session: sid, context: { blockIds: [id] }, saveToSession: false }),
      ),
    );
    expect(user!.body.data.blocksCreated).toEqual([]);
    expect(assistant!.status).toBe(200);

    const session = (await request(server.handler).get(`/v1/aip/sessions/${sid}`).set(k)).body.data;
    expect(session.metrics.invocationCount).toBe(3);
    expect(session.metrics.blockCount).toBe(2);
  });

  it('streams every event kind lawfully and agrees with the JSON answer', async () => {
    const sid = await newSession();
    const streamed = await http
      .post('/v1/aip/invoke')
      .set(k)
      .send({ agent: 'code-assistant', prompt: 'Add login', session: sid, stream: true })
      .buffer(true)
      .parse((res, cb) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString('utf8')));
        res.on('end', () => cb(null, text));
      });
    expect(streamed.status).toBe(200);
    expect(streamed.headers['content-type']).toMatch(/^text\/event-stream/);
    expect(streamed.headers['cache-control']).toBe('no-cache');
    expect(streamed.headers['x-accel-buffering']).toBe('no');
    expect(streamed.headers['content-length']).toBeUndefined();
    const { events } = parseStream(streamed.body as string);
    expect(events.map((e) => e.event)).toEqual([
      'start',
      'context_assembled',
      'thinking',
      'text_delta',
      'text_delta',
      'tool_call',
      'file_edit',
      'tool_result',
      'dev_url',
      'text_delta',
      'complete',
    ]);
    expectLawfulStream(events, sid);
    const complete = events.at(-1)!.data as { blocksCreated: string[]; output: string; usage: Record<string, number> };
    expect(complete.blocksCreated).toHaveLength(2);

    const asJson = (
      await http
        .post('/v1/aip/invoke')
        .set(k)
        .send({ agent: 'code-assistant', prompt: 'Add login', session: sid })
        .expect(200)
    ).body.data;
    expect(asJson.output).toBe(complete.output);
    expect(Object.keys(asJson.usage).sort()).toEqual(Object.keys(complete.usage).sort());
  });

  it('ignores request members it does not know (forward compatibility)', async () => {
    const r = await http
      .post('/v1/aip/invoke')
      .set(k)
      .send({
        agent: 'echo',
        prompt: 'future',
        temperature: 0.2,
        context: { maxTokens: 10, ranking: 'new' },
        x_vendor: { a: 1 },
      })
      .expect(200);
    expect(r.body.data.output).toBe('future');
  });

  it('answers an ephemeral invocation with session null and saves nothing', async () => {
    const r = await http.post('/v1/aip/invoke').set(k).send({ agent: 'echo', prompt: 'no session' }).expect(200);
    expect(r.body.data).toMatchObject({ session: null, blocksCreated: [], status: 'completed' });
    expect(r.body.data.usage.contextTokens).toBe(0);
  });

  it('reports a failed run as HTTP 200 with status failed, and saves no blocks', async () => {
    const sid = await newSession();
    const r = await http
      .post('/v1/aip/invoke')
      .set(k)
      .send({ agent: 'failing', prompt: 'try', session: sid })
      .expect(200);
    expectSchema('invoke-response', r.body);
    expect(r.body.data).toMatchObject({ status: 'failed', blocksCreated: [], error: { code: 'agent_error' } });
    const session = (await request(server.handler).get(`/v1/aip/sessions/${sid}`).set(k)).body.data;
    expect(session.metrics).toMatchObject({ blockCount: 0, invocationCount: 1 });
  });

  it('ends a failing stream with one error event after its text', async () => {
    const r = await http
      .post('/v1/aip/invoke')
      .set(k)
      .send({ agent: 'failing', prompt: 'try', stream: true })
      .buffer(true)
      .parse((res, cb) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString('utf8')));
        res.on('end', () => cb(null, text));
      });
    const { events } = parseStream(r.body as string);
    expectLawfulStream(events, null);
    expect(events.map((e) => e.event)).toEqual(['start', 'context_assembled', 'text_delta', 'text_delta', 'error']);
    expect(events.at(-1)!.data).toMatchObject({ error: { code: 'agent_error' } });
  });

  it('uses saved blocks as context for the next invocation', async () => {
    const sid = await newSession();
    const first = (
      await http.post('/v1/aip/invoke').set(k).send({ agent: 'echo', prompt: 'first turn', session: sid }).expect(200)
    ).body.data;
    const second = (
      await http
        .post('/v1/aip/invoke')
        .set(k)
        .send({ agent: 'echo', prompt: 'second', session: sid, stream: true })
        .buffer(true)
        .parse((res, cb) => {
          let text = '';
          res.on('data', (c: Buffer) => (text += c.toString('utf8')));
          res.on('end', () => cb(null, text));
        })
    ).body as string;
    const assembled = parseStream(second).events[1]!;
    expect(assembled.event).toBe('context_assembled');
    expect((assembled.data as { blockIds: string[] }).blockIds).toEqual(first.blocksCreated);
  });
});

describe('portable invoke', () => {
  it('maps the snake_case request onto the same pipeline and answers in the hub vocabulary', async () => {
    const sid = await newSession();
    const r = await http
      .post('/.well-known/aip/invoke')
      .set({ ...k, 'X-AIP-Agent': 'echo' })
      .send({
        aip_version: '0.1.0',
        prompt: { content: 'portable hello', attachments: [{ type: 'text', text: 'ctx' }] },
        context: { session_id: sid },
        options: { save_to_session: false },
      })
      .expect(200);
    expectSchema('invoke-response', r.body);
    expect(r.body.data).toMatchObject({
      status: 'completed',
      output: 'portable hello',
      agent: 'echo',
      session: sid,
      blocksCreated: [],
    });
  });
});
