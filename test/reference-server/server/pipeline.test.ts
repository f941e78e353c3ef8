import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, echoAgent, ownerForKey, type Agent, type AgentStep } from '../../../reference-server/index.ts';
import { openSqliteStore } from '../../../reference-server/storage/sqlite-store.ts';
import { PROMPT_OVERHEAD_TOKENS } from '../../../reference-server/invoke/run.ts';
import { countTokens } from '../../../reference-server/storage/tokens.ts';
import {
  KEY,
  createSession,
  expectLawfulStream,
  expectSchema,
  json,
  parseStream,
  send,
  start,
  type Running,
} from './helpers.ts';

/** An agent that plays back `steps`, then optionally throws; `sync` makes it a plain generator. */
function scripted(id: string, steps: unknown[], fail?: string, flavour: 'async' | 'sync' = 'async'): Agent {
  const manifest = { ...echoAgent.manifest, id };
  if (flavour === 'sync') {
    return {
      manifest,
      *run(): Generator<AgentStep> {
        for (const step of steps) yield step as AgentStep;
        if (fail) throw new Error(fail);
      },
    };
  }
  return {
    manifest,
    async *run(): AsyncGenerator<AgentStep> {
      for (const step of steps) yield step as AgentStep;
      if (fail) throw new Error(fail);
    },
  };
}

const call = (id: string) => ({ type: 'tool_call', id, tool: 't', input: {} });
const result = (id: string) => ({ type: 'tool_result', toolCallId: id, output: 'ok' });

/** What a misbehaving agent does, its slug, and its steps; each runs as an async and as a plain generator. */
const MISBEHAVIOURS: Array<[string, string, unknown[], string?]> = [
  ['reuses a tool call id', 'dup-call', [call('a'), result('a'), call('a'), result('a')]],
  ['answers a call that was never made', 'stray-result', [{ type: 'text', content: 'x' }, result('nope')]],
  ['answers a call twice', 'double-result', [call('a'), result('a'), result('a')]],
  ['finishes with a call still open', 'open-call', [call('a'), { type: 'text', content: 'bye' }]],
  [
    'ties a file edit to a closed call',
    'late-edit',
    [call('a'), result('a'), { type: 'file_edit', path: 'f', operation: 'update', toolCallId: 'a' }],
  ],
  ['sends a dev_url that is not a URL', 'bad-url', [{ type: 'dev_url', url: 'not a url' }]],
  ['yields a step of unknown type', 'odd-step', [{ type: 'telepathy', content: 'x' }]],
  ['yields a step whose type is an Object.prototype member', 'proto-step', [{ type: 'constructor', content: 'x' }]],
  ['yields something that is not a step', 'not-a-step', ['just a string']],
  ['throws after its first step', 'throws-midway', [{ type: 'text', content: 'x' }], 'gave up'],
];

/** An agent whose iterator breaks the iterator protocol: `next` gives null instead of a result object. */
function nullResults(id: string, flavour: 'async' | 'sync'): Agent {
  const manifest = { ...echoAgent.manifest, id };
  return flavour === 'sync'
    ? {
        manifest,
        run: () => ({ [Symbol.iterator]: () => ({ next: () => null as unknown as IteratorResult<AgentStep> }) }),
      }
    : {
        manifest,
        run: () => ({
          [Symbol.asyncIterator]: () => ({ next: async () => null as unknown as IteratorResult<AgentStep> }),
        }),
      };
}

const MISBEHAVING: Array<[string, Agent]> = [
  ...MISBEHAVIOURS.flatMap(
    ([what, id, steps, fail]): Array<[string, Agent]> => [
      [what, scripted(id, steps, fail)],
      [`${what} (plain generator)`, scripted(`${id}-sync`, steps, fail, 'sync')],
    ],
  ),
  // An async generator awaits what it yields; a plain generator hands over the promise itself.
  [
    'yields a promise of a step from a plain generator',
    scripted('promised-step', [Promise.resolve({ type: 'text', content: 'x' })], undefined, 'sync'),
  ],
  ['returns iterator results that are not objects', nullResults('null-results', 'async')],
  ['returns iterator results that are not objects (plain iterator)', nullResults('null-results-sync', 'sync')],
  [
    'throws before its first step',
    {
      manifest: { ...echoAgent.manifest, id: 'throws-early' },
      run() {
        throw new Error('cannot start');
      },
    },
  ],
];

let srv: Running;
let session: string;

beforeAll(async () => {
  srv = await start({
    agents: [
      echoAgent,
      ...MISBEHAVING.map(([, a]) => a),
      scripted('blank-text', [
        { type: 'text', content: '' },
        { type: 'thinking', content: '' },
        { type: 'text', content: 'only this' },
      ]),
    ],
  });
  session = await createSession(srv.url);
});
afterAll(() => srv.close());

const stream = async (body: Record<string, unknown>) =>
  parseStream(
    (
      await send(
        srv.url,
        'POST',
        '/v1/aip/invoke',
        { 'X-API-Key': KEY, 'Content-Type': 'application/json' },
        JSON.stringify({ ...body, stream: true }),
      )
    ).body,
  ).events;

describe('the pipeline keeps a plugged-in agent within the stream laws', () => {
  it.each(MISBEHAVING)(
    'an agent that %s ends in a lawful agent_error stream and saves nothing',
    async (_what, agent) => {
      const events = await stream({ agent: agent.manifest.id, prompt: 'go', session });
      expectLawfulStream(events, session);
      const last = events.at(-1)!;
      expect(last.event).toBe('error');
      expect(last.data).toMatchObject({ error: { code: 'agent_error' } });

      const asJson = await json(srv.url, 'POST', '/v1/aip/invoke', { agent: agent.manifest.id, prompt: 'go', session });
      expectSchema('invoke-response', asJson.body);
      expect(asJson.body.data).toMatchObject({ status: 'failed', blocksCreated: [], error: { code: 'agent_error' } });
      const s = await json(srv.url, 'GET', `/v1/aip/sessions/${session}`);
      expect(s.body.data.metrics.blockCount).toBe(0);
    },
  );

  it('drops empty text and thinking pieces (law 7) without changing the output', async () => {
    const events = await stream({ agent: 'blank-text', prompt: 'go' });
    expectLawfulStream(events, null);
    expect(events.map((e) => e.event)).toEqual(['start', 'context_assembled', 'text_delta', 'complete']);
  });
});

describe('ephemeral invocations', () => {
  it('save nothing at all: no blocks, no invocation record', async () => {
    const store = openSqliteStore(':memory:');
    const own = await start({ store });
    try {
      const r = await json(own.url, 'POST', '/v1/aip/invoke', { agent: 'echo', prompt: 'leave no trace' });
      expect(r.body.data).toMatchObject({ status: 'completed', session: null, blocksCreated: [] });
      expect(await store.getInvocation(ownerForKey(KEY), r.body.data.id)).toBeUndefined();
      expect((await store.listSessions(ownerForKey(KEY), { limit: 10 })).items).toEqual([]);
    } finally {
      await own.close();
      await store.close();
    }
  });
});

describe('usage accounting', () => {
  it('charges context + prompt + a fixed overhead as input, and the output as output', async () => {
    const sid = await createSession(srv.url);
    await json(srv.url, 'POST', '/v1/aip/blocks', { sessionId: sid, type: 'note', content: 'n'.repeat(400) });
    const prompt = 'measure me, please — ünïcödé';
    const events = await stream({ agent: 'echo', prompt, session: sid });
    const assembled = events[1]!.data as { tokenCount: number };
    const complete = events.at(-1)!.data as {
      usage: { contextTokens: number; inputTokens: number; outputTokens: number };
      output: string;
    };
    expect(assembled.tokenCount).toBe(100);
    expect(complete.usage).toEqual({
      contextTokens: 100,
      inputTokens: 100 + countTokens(prompt) + PROMPT_OVERHEAD_TOKENS,
      outputTokens: countTokens(complete.output),
    });
  });

  it('splits the echo into pieces that concatenate to the prompt without cutting a surrogate pair', async () => {
    const prompt = '😀😀😀x😀';
    const events = await stream({ agent: 'echo', prompt });
    const pieces = events.flatMap((e) => (e.event === 'text_delta' ? [e.data.content] : []));
    expect(pieces.length).toBeGreaterThan(1);
    expect(pieces.join('')).toBe(prompt);
    for (const p of pieces) expect(p).toBe(Buffer.from(p, 'utf8').toString('utf8'));
  });
});

describe('startup checks', () => {
  it.each([
    ['no keys', { apiKeys: [] }],
    ['an empty key', { apiKeys: [''] }],
    ['two agents with one slug', { apiKeys: ['k'], agents: [echoAgent, echoAgent] }],
    [
      'an agent with an invalid manifest',
      { apiKeys: ['k'], agents: [{ ...echoAgent, manifest: { ...echoAgent.manifest, id: 'Not A Slug' } }] },
    ],
    ['a zero body limit', { apiKeys: ['k'], bodyLimitBytes: 0 }],
  ])('refuses %s', (_what, options) => {
    expect(() => createServer({ store: undefined, ...(options as Parameters<typeof createServer>[0]) })).toThrow(
      TypeError,
    );
  });

  it('never puts a key in a startup error', () => {
    const secret = 'rt_live_super_secret';
    let message = '';
    try {
      createServer({ apiKeys: [secret], agents: [echoAgent, echoAgent] });
    } catch (e) {
      message = String(e);
    }
    expect(message).toMatch(/slug/);
    expect(message).not.toContain(secret);
  });
});
