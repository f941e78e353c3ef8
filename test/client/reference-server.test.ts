import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer } from '../../reference-server/index.ts';
import { manifestHash } from '../../src/index.ts';
import { collect, createClient, type AipClient, type AipEvent } from '../../src/client/index.ts';
import { rejection } from './helpers/rejection.ts';

const API_KEY = 'rt_client_e2e_key_1';
const OTHER_KEY = 'rt_client_e2e_key_2';

let close: () => Promise<void>;
let aip: AipClient;
let url: string;

beforeAll(async () => {
  const server = createServer({ apiKeys: [API_KEY, OTHER_KEY] });
  ({ url } = await server.listen(0));
  close = () => server.close();
  aip = createClient({ baseUrl: url, apiKey: API_KEY });
});
afterAll(() => close());

const names = (events: AipEvent[]) => events.map((e) => e.event);

describe('client against the reference server', () => {
  it('streams code-assistant as typed events that agree with the JSON invoke', async () => {
    const prompt = 'Rename the helper\nand keep the tests green';
    const streamed = await collect(aip.stream({ agent: 'code-assistant', prompt }));
    const kinds = names(streamed.events);
    expect(kinds[0]).toBe('start');
    expect(kinds[1]).toBe('context_assembled');
    expect(kinds.at(-1)).toBe('complete');
    for (const kind of ['thinking', 'tool_call', 'file_edit', 'tool_result', 'dev_url']) expect(kinds).toContain(kind);
    expect(kinds.filter((k) => k === 'text_delta').length).toBeGreaterThanOrEqual(2);
    if (streamed.terminal.event !== 'complete') throw new Error('expected complete');
    expect(streamed.output).toBe(streamed.terminal.data.output);

    const invocation = await aip.invoke({ agent: 'code-assistant', prompt });
    expect(invocation.status).toBe('completed');
    expect(invocation.output).toBe(streamed.output);
    expect(invocation.session).toBeNull();
    expect(invocation.blocksCreated).toEqual([]);
  });

  it('streams and invokes through the portable endpoint', async () => {
    const streamed = await collect(aip.streamPortable('echo', { prompt: { content: 'portable hello' } }));
    expect(streamed.terminal.event).toBe('complete');
    expect(streamed.output).toBe('portable hello');
    const invocation = await aip.invokePortable('echo', { prompt: { content: 'portable hello' } });
    expect(invocation.output).toBe('portable hello');
  });

  it('reports a failing run as an error event, and as status failed over JSON', async () => {
    const streamed = await collect(aip.stream({ agent: 'failing', prompt: 'x' }));
    expect(streamed.terminal.event).toBe('error');
    if (streamed.terminal.event === 'error') expect(streamed.terminal.data.error.code).toBe('agent_error');
    const invocation = await aip.invoke({ agent: 'failing', prompt: 'x' });
    expect(invocation.status).toBe('failed');
    expect(invocation.error?.code).toBe('agent_error');
  });

  it('reads the manifests and the agents list, which agree', async () => {
    const platform = await createClient({ baseUrl: url }).manifest();
    expect(platform.profiles).toEqual(expect.arrayContaining(['core', 'hub']));
    const slugs = platform.agents.map((a) => a.id);
    expect(slugs).toEqual(expect.arrayContaining(['echo', 'code-assistant', 'failing', 'slow']));
    const one = await aip.manifest('code-assistant');
    expect(one.agent.manifest_hash).toBe(manifestHash(one.agent));
    const agents = await aip.agents.list();
    expect(agents.map((a) => a.id).sort()).toEqual([...slugs].sort());
  });

  it('creates, reads, lists and forks sessions and blocks', async () => {
    const session = await aip.sessions.create({ name: 'client e2e', tags: ['client-e2e'] });
    expect(session.id).toMatch(/^sess_/);
    const note = await aip.blocks.create({
      sessionId: session.id,
      type: 'note',
      content: 'Prefer tabs.',
      tags: ['style'],
      pinned: true,
    });
    expect(note.content).toBe('Prefer tabs.');

    const run = await aip.invoke({ agent: 'echo', prompt: 'remember me', session: session.id });
    expect(run.session).toBe(session.id);
    expect(run.blocksCreated).toHaveLength(2);
    const read = await aip.sessions.get(session.id);
    expect(read.blocks).toEqual([note.id, ...run.blocksCreated]);
    expect(read.pinnedBlocks).toEqual([note.id]);

    const listed = [];
    for await (const b of aip.blocks.listAll(session.id, { limit: 1 })) listed.push(b.id);
    expect(listed).toEqual(read.blocks);
    const pinned = await aip.blocks.list(session.id, { pinned: true });
    expect(pinned.data.map((b) => b.id)).toEqual([note.id]);

    const fork = await aip.sessions.fork(session.id, { name: 'client e2e fork' });
    expect(fork.forkedFrom).toBe(session.id);
    const mine = [];
    for await (const s of aip.sessions.listAll({ tag: 'client-e2e', limit: 1 })) mine.push(s.id);
    expect(mine).toContain(session.id);
  });

  it('maps the server error envelopes onto AipError', async () => {
    const unauthorized = await rejection(createClient({ baseUrl: url, apiKey: 'rt_wrong_key' }).agents.list());
    expect([unauthorized.status, unauthorized.code]).toEqual([401, 'unauthorized']);
    expect(unauthorized.requestId).toMatch(/^req_/);
    expect(String(unauthorized)).not.toContain('rt_wrong_key');

    const missing = await rejection(aip.sessions.get('sess_doesnotexist'));
    expect([missing.status, missing.code]).toEqual([404, 'session_not_found']);

    const hidden = await aip.sessions.create({ name: 'private' });
    const other = createClient({ baseUrl: url, apiKey: OTHER_KEY });
    expect((await rejection(other.sessions.get(hidden.id))).code).toBe('session_not_found');

    const empty = await rejection(aip.invoke({ agent: 'echo', prompt: '' }));
    expect([empty.status, empty.code, empty.field]).toEqual([400, 'invalid_request', '/prompt']);

    const unknownAgent = await rejection(collect(aip.stream({ agent: 'nobody', prompt: 'x' })));
    expect([unknownAgent.status, unknownAgent.code]).toEqual([404, 'agent_not_found']);

    const version = await rejection(aip.invokePortable('echo', { aip_version: '9.0.0', prompt: { content: 'x' } }));
    expect([version.code, version.field]).toEqual(['unsupported_version', '/aip_version']);
    expect(version.details).toEqual(expect.objectContaining({ supported: ['0.1.0'] }));
  });

  it('aborting a slow stream mid-way ends it with aborted and saves nothing', async () => {
    const session = await aip.sessions.create({ name: 'aborted run' });
    const controller = new AbortController();
    const seen: string[] = [];
    const error = await rejection(
      (async () => {
        for await (const event of aip.stream(
          { agent: 'slow', prompt: 'take your time', session: session.id },
          { signal: controller.signal },
        )) {
          seen.push(event.event);
          if (event.event === 'text_delta') controller.abort();
        }
      })(),
    );
    expect(error.code).toBe('aborted');
    expect(seen.at(-1)).toBe('text_delta');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await aip.sessions.get(session.id)).blocks).toEqual([]);
  });
});
