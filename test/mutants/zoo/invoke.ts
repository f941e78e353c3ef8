/** §8 Hub invoke and invocation semantics (both request formats share the response rules). */
import { manifestHash } from '../../../src/index.ts';
import { encodeEvent } from '../../../src/sse/index.ts';
import {
  HUB_INVOKE,
  editEvents,
  editInvocation,
  ev,
  is,
  isInvoke,
  requestedSession,
  wantsJson,
  wantsStream,
  withBody,
} from '../helpers.ts';
import type { EventRewrite, Mutant, MutantContext, ProxyRequest, StreamFault, WireEvent } from '../types.ts';

type Body = Record<string, any>;

const body = (req: ProxyRequest): Body => req.json as Body;

/** Sets a member in either request format: hub camelCase at the top, portable snake_case under `options`. */
function setOption(req: ProxyRequest, hub: 'stream' | 'saveToSession', value: boolean | undefined): ProxyRequest {
  const b = structuredClone(body(req));
  if (req.path === HUB_INVOKE) {
    if (value === undefined) delete b[hub];
    else b[hub] = value;
  } else {
    const name = hub === 'stream' ? 'stream' : 'save_to_session';
    b.options = { ...(b.options ?? {}) };
    if (value === undefined) delete b.options[name];
    else b.options[name] = value;
  }
  return withBody(req, b);
}

function saveOption(req: ProxyRequest): unknown {
  return req.path === HUB_INVOKE ? body(req)?.saveToSession : body(req)?.options?.save_to_session;
}

/** The same edit applied to a JSON Invocation and to the `complete` (and `error`) payload of a stream. */
function onOutcome(change: (outcome: Body, req: ProxyRequest) => void): Pick<Mutant, 'json' | 'stream'> {
  return {
    json: editInvocation(change),
    stream: editEvents({ complete: (d, s) => change(d, s.req), error: (d, s) => change(d, s.req) }),
  };
}

/** Saves a block to the session as if a failed run had written part of its exchange. */
async function writeStrayBlock(req: ProxyRequest, ctx: MutantContext): Promise<void> {
  const sessionId = requestedSession(req);
  if (!sessionId) return;
  const prompt = req.path === HUB_INVOKE ? body(req).prompt : body(req).prompt?.content;
  await ctx.call(req, 'POST', '/v1/aip/blocks', {
    sessionId,
    type: 'conversation',
    content: [{ role: 'user', content: String(prompt) }],
  });
}

const failedRunSaves: EventRewrite = {
  event: (e, s) => {
    if (e.event !== 'error') return undefined;
    s.vars.set('error', e);
    return null;
  },
  end: async (s) => {
    const held = s.vars.get('error') as WireEvent | undefined;
    if (!held) return [];
    await writeStrayBlock(s.req, s.ctx);
    return [held];
  },
};

const reusedId: StreamFault = editEvents({
  start: (d) => ({ ...d, invocationId: 'inv_reused' }),
  complete: (d) => ({ ...d, invocationId: 'inv_reused' }),
  error: (d) => ({ ...d, invocationId: 'inv_reused' }),
});

export const INV_MUTANTS: Mutant[] = [
  {
    name: 'inv-stream-when-json-asked',
    fault: 'Streams even when `stream` is absent or false.',
    expect: { requirements: ['AIP-INV-002'], verdict: 'fail' },
    when: wantsJson,
    request: (req) => setOption(req, 'stream', true),
  },
  {
    name: 'inv-usage-negative',
    fault: 'Reports `usage.outputTokens` as -1 in JSON answers.',
    expect: { requirements: ['AIP-INV-002'], verdict: 'fail' },
    when: wantsJson,
    json: editInvocation((o) => {
      if (o.usage) o.usage = { ...o.usage, outputTokens: -1 };
    }),
  },
  {
    name: 'inv-json-when-stream-asked',
    fault: 'Answers with JSON even when `stream` is true.',
    expect: { requirements: ['AIP-INV-003'], verdict: 'fail' },
    when: wantsStream,
    request: (req) => setOption(req, 'stream', false),
  },
  {
    name: 'inv-accept-decides',
    fault: 'Lets the Accept header, not `stream`, decide between JSON and a stream.',
    expect: { requirements: ['AIP-INV-004'], verdict: 'fail' },
    when: isInvoke,
    request: (req) => {
      const accept = req.headers.accept ?? '';
      if (accept.includes('text/event-stream') && !wantsStream(req)) return setOption(req, 'stream', true);
      if (/^application\/json\b/.test(accept) && wantsStream(req)) return setOption(req, 'stream', false);
      return req;
    },
  },
  {
    name: 'inv-unknown-agent-400',
    fault: 'Answers an unknown `agent` with 400 invalid_request instead of 404 agent_not_found.',
    expect: { requirements: ['AIP-INV-005'], verdict: 'fail' },
    when: is('POST', /^\/v1\/aip\/invoke$/),
    error: (res) =>
      res.json?.error?.code === 'agent_not_found'
        ? {
            status: 400,
            headers: res.headers,
            body: { error: { ...res.json.error, code: 'invalid_request', field: '/agent' } },
          }
        : undefined,
  },
  {
    name: 'inv-streams-despite-manifest',
    fault:
      'Publishes `stream: false` for the echo agent but streams it anyway instead of answering streaming_unsupported.',
    expect: { requirements: ['AIP-INV-006'], verdict: 'fail' },
    when: is('GET', /^\/\.well-known\/aip\/agent$/),
    json: (doc) => {
      for (const agent of [...(Array.isArray(doc?.agents) ? doc.agents : []), ...(doc?.agent ? [doc.agent] : [])]) {
        if (agent.id !== 'echo') continue;
        agent.stream = false;
        agent.manifest_hash = manifestHash(agent);
      }
      return doc;
    },
  },
  {
    name: 'inv-request-error-in-stream',
    fault: 'Reports a request failure of a streaming invoke inside a 200 event stream.',
    expect: { requirements: ['AIP-INV-007'], verdict: 'fail' },
    when: wantsStream,
    error: (res, req) => {
      if (!res.json?.error) return undefined;
      const invocationId = 'inv_requestfailure';
      const agent = String(body(req)?.agent ?? req.headers['x-aip-agent'] ?? 'code-assistant');
      const text = [
        ev('start', { invocationId, agent, session: null }),
        ev('error', { invocationId, error: res.json.error }),
      ]
        .map((e) => encodeEvent({ event: e.event!, data: e.data }))
        .join('');
      return {
        status: 200,
        headers: { ...res.headers, 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' },
        body: text,
      };
    },
  },
  {
    name: 'inv-unknown-session-as-ephemeral',
    fault:
      'Runs an invoke that names an unknown session as an ephemeral invocation instead of answering session_not_found.',
    expect: { requirements: ['AIP-INV-008'], verdict: 'fail' },
    when: (req) => isInvoke(req) && requestedSession(req) !== undefined,
    request: async (req, ctx) => {
      const id = requestedSession(req)!;
      const found = await ctx.call(req, 'GET', `/v1/aip/sessions/${encodeURIComponent(id)}`);
      if (found.status !== 404) return req;
      const b = structuredClone(body(req));
      if (req.path === HUB_INVOKE) delete b.session;
      else delete b.context.session_id;
      return withBody(req, b);
    },
  },
  {
    name: 'inv-ephemeral-claims-blocks',
    fault: 'Reports a created block for an ephemeral invocation.',
    expect: { requirements: ['AIP-INV-009'], verdict: 'fail' },
    when: (req) => isInvoke(req) && requestedSession(req) === undefined,
    ...onOutcome((o) => {
      if (Array.isArray(o.blocksCreated)) o.blocksCreated = ['blk_phantom0001'];
    }),
  },
  {
    name: 'inv-session-not-echoed',
    fault: 'Reports `session: null` although the request named a session.',
    expect: { requirements: ['AIP-INV-010'], verdict: 'fail' },
    when: (req) => isInvoke(req) && requestedSession(req) !== undefined,
    json: editInvocation((o) => {
      o.session = null;
    }),
    stream: editEvents({
      start: (d) => ({ ...d, session: null }),
      complete: (d) => ({ ...d, session: null }),
    }),
  },
  {
    name: 'inv-exchange-not-saved',
    fault: 'Never saves the exchange to the session, as if `saveToSession` defaulted to false.',
    expect: { requirements: ['AIP-INV-011'], verdict: 'fail' },
    when: (req) => isInvoke(req) && requestedSession(req) !== undefined && saveOption(req) !== false,
    request: (req) => setOption(req, 'saveToSession', false),
  },
  {
    name: 'inv-blocks-created-reversed',
    fault: 'Lists `blocksCreated` newest first.',
    expect: { requirements: ['AIP-INV-013'], verdict: 'fail' },
    when: isInvoke,
    ...onOutcome((o) => {
      if (Array.isArray(o.blocksCreated)) o.blocksCreated = [...o.blocksCreated].reverse();
    }),
  },
  {
    name: 'inv-blocks-created-phantom',
    fault: 'Lists block ids in `blocksCreated` that do not exist in the session.',
    expect: { requirements: ['AIP-INV-014'], verdict: 'fail' },
    when: isInvoke,
    ...onOutcome((o) => {
      if (Array.isArray(o.blocksCreated))
        o.blocksCreated = o.blocksCreated.map((_: unknown, i: number) => `blk_phantom${i}x`);
    }),
  },
  {
    name: 'inv-save-false-still-saves',
    fault: 'Saves the exchange even when `saveToSession` is false (and reports `blocksCreated: []`).',
    expect: { requirements: ['AIP-INV-016'], verdict: 'fail' },
    notBlamed: ['context.token-count-sums', 'context.ranking-and-order', 'context.budget-respected'],
    when: (req) => isInvoke(req) && saveOption(req) === false,
    request: (req) => setOption(req, 'saveToSession', true),
    ...onOutcome((o) => {
      o.blocksCreated = [];
    }),
  },
  {
    name: 'inv-failed-run-saves',
    fault: 'Writes the user turn to the session even when the run fails.',
    expect: { requirements: ['AIP-INV-017'], verdict: 'fail' },
    when: (req) => isInvoke(req) && requestedSession(req) !== undefined,
    json: async (b, req, ctx) => {
      if (b?.data?.status === 'failed') await writeStrayBlock(req, ctx);
      return b;
    },
    stream: { events: failedRunSaves },
  },
  {
    name: 'inv-count-ignores-runs',
    fault: 'Never counts invocations in `metrics.invocationCount`.',
    expect: { requirements: ['AIP-INV-018'], verdict: 'fail' },
    when: is('GET', /^\/v1\/aip\/sessions\/[^/]+$/),
    json: (b) => {
      if (b?.data?.metrics) b.data.metrics.invocationCount = 0;
      return b;
    },
  },
  {
    name: 'inv-terminal-id-differs',
    fault: 'Gives the terminal event another `invocationId` than `start`.',
    expect: { requirements: ['AIP-INV-019'], verdict: 'fail' },
    when: wantsStream,
    stream: editEvents({
      complete: (d) => ({ ...d, invocationId: 'inv_differentfromstart' }),
      error: (d) => ({ ...d, invocationId: 'inv_differentfromstart' }),
    }),
  },
  {
    name: 'inv-id-reused',
    fault: 'Gives every invocation the same id.',
    expect: { requirements: ['AIP-INV-019'], verdict: 'fail' },
    when: isInvoke,
    json: editInvocation((o) => {
      o.id = 'inv_reused';
    }),
    stream: reusedId,
  },
  {
    name: 'inv-context-tokens-off',
    fault: 'Reports `usage.contextTokens` one more than the assembled context\u2019s token count.',
    expect: { requirements: ['AIP-INV-020'], verdict: 'fail' },
    when: isInvoke,
    ...onOutcome((o) => {
      if (o.usage)
        o.usage = { ...o.usage, contextTokens: o.usage.contextTokens + 1, inputTokens: o.usage.inputTokens + 1 };
    }),
  },
  {
    name: 'inv-input-below-context',
    fault: 'Reports `usage.inputTokens` smaller than `usage.contextTokens` whenever there is context.',
    expect: { requirements: ['AIP-INV-021'], verdict: 'fail' },
    when: isInvoke,
    ...onOutcome((o) => {
      if (o.usage?.contextTokens > 0) o.usage = { ...o.usage, inputTokens: o.usage.contextTokens - 1 };
    }),
  },
  {
    name: 'inv-failed-as-completed',
    fault: 'Answers a failed run as `status: "completed"` without an error.',
    expect: { requirements: ['AIP-INV-022'], verdict: 'fail' },
    when: wantsJson,
    json: editInvocation((o) => {
      if (o.status === 'failed') {
        o.status = 'completed';
        delete o.error;
      }
    }),
  },
  {
    name: 'inv-error-on-success',
    fault: 'Adds an `error` member to completed invocations.',
    expect: { requirements: ['AIP-INV-023'], verdict: 'fail' },
    when: wantsJson,
    json: editInvocation((o) => {
      if (o.status === 'completed') o.error = { code: 'agent_error', message: 'Stale error left on a completed run.' };
    }),
  },
  {
    name: 'inv-failed-output-dropped',
    fault: 'Drops the text a failed run produced from its `output`.',
    expect: { requirements: ['AIP-INV-024'], verdict: 'warn' },
    when: wantsJson,
    json: editInvocation((o) => {
      if (o.status === 'failed') o.output = '';
    }),
  },
  {
    name: 'inv-json-disagrees-with-stream',
    fault: 'Reports a failed run as `internal_error` in JSON while its stream says `agent_error`.',
    expect: { requirements: ['AIP-INV-025'], verdict: 'fail' },
    when: wantsJson,
    json: editInvocation((o) => {
      if (o.status === 'failed' && o.error?.code === 'agent_error') o.error = { ...o.error, code: 'internal_error' };
    }),
  },
];
