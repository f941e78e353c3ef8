/** §14 Agents list, §16 Extensibility and §17 Security considerations. */
import { edit, errorResponse, ev, is, isInvoke, wantsStream } from '../helpers.ts';
import type { Mutant, MutantContext, ProxyRequest } from '../types.ts';

type Body = Record<string, any>;

const agentsList = is('GET', /^\/v1\/aip\/agents$/);

/** Known members of the request bodies the kit sends, per endpoint; anything else is "unknown". */
const KNOWN_MEMBERS: Record<string, string[]> = {
  '/v1/aip/invoke': [
    'agent',
    'prompt',
    'session',
    'context',
    'enrichment',
    'enrichmentConfig',
    'stream',
    'saveToSession',
  ],
  '/.well-known/aip/invoke': ['aip_version', 'prompt', 'context', 'options'],
  '/v1/aip/sessions': ['name', 'defaultAgent', 'tags', 'fromSession', 'includeByTag', 'excludeByTag', 'includePinned'],
  '/v1/aip/blocks': ['sessionId', 'type', 'content', 'tags', 'pinned', 'importance'],
};

function unknownMember(req: ProxyRequest): string | undefined {
  const known = KNOWN_MEMBERS[req.path];
  const body = req.json as Body | undefined;
  if (req.method !== 'POST' || !known || !body || typeof body !== 'object' || Array.isArray(body)) return undefined;
  return Object.keys(body).find((k) => !known.includes(k));
}

export const AGT_MUTANTS: Mutant[] = [
  {
    name: 'agt-capabilities-as-object',
    fault: 'Lists agents with `capabilities` as the manifest\u2019s object instead of an array of names.',
    expect: { requirements: ['AIP-AGT-001'], verdict: 'fail' },
    when: agentsList,
    json: (b) => {
      if (Array.isArray(b?.data))
        b.data = b.data.map((a: Body) => ({
          ...a,
          capabilities: Object.fromEntries((a.capabilities as string[]).map((c) => [c, true])),
        }));
      return b;
    },
  },
  {
    name: 'agt-agent-missing',
    fault: 'Leaves the last agent of the manifest out of the agents list.',
    expect: { requirements: ['AIP-AGT-002'], verdict: 'fail' },
    when: agentsList,
    json: (b) => {
      if (Array.isArray(b?.data)) b.data = b.data.slice(0, -1);
      return b;
    },
  },
  {
    name: 'agt-capability-invented',
    fault: 'Lists a capability no manifest grants.',
    expect: { requirements: ['AIP-AGT-003'], verdict: 'fail' },
    when: agentsList,
    json: (b) => {
      if (Array.isArray(b?.data))
        b.data = b.data.map((a: Body) => ({ ...a, capabilities: [...(a.capabilities as string[]), 'telepathy'] }));
      return b;
    },
  },
];

export const EXT_MUTANTS: Mutant[] = [
  {
    name: 'ext-unknown-member-rejected',
    fault: 'Rejects request bodies that carry a member it does not know.',
    expect: { requirements: ['AIP-EXT-001'], verdict: 'fail' },
    respond: (req) => {
      const member = unknownMember(req);
      return member === undefined ? undefined : errorResponse(400, 'invalid_request', { field: `/${member}` });
    },
  },
  {
    name: 'ext-extension-after-terminal',
    fault:
      'Sends an `x-` extension event after the terminal event (extensions belong between `start` and the terminal).',
    expect: { requirements: ['AIP-EVT-008'], verdict: 'fail' },
    when: wantsStream,
    stream: {
      events: {
        event: (e) => (e.event === 'complete' || e.event === 'error' ? [e, ev('x-trace', { spans: 3 })] : undefined),
      },
    },
  },
  {
    name: 'ext-unprefixed-extra-member',
    fault: 'Adds its own member `vendorInfo` (not `x_`-prefixed) to every invocation.',
    expect: { requirements: ['AIP-EXT-005'], verdict: 'warn' },
    when: isInvoke,
    json: (b) => (b?.data ? { ...b, data: { ...b.data, vendorInfo: { region: 'eu' } } } : b),
  },
];

/** Short, sequential invocation ids, kept consistent within a stream and unique across runs. */
function shortId(ctx: MutantContext): string {
  const n = ((ctx.state.get('ids') as number | undefined) ?? 0) + 1;
  ctx.state.set('ids', n);
  return `inv_${n}`;
}

export const SEC_MUTANTS: Mutant[] = [
  {
    name: 'sec-key-in-manifest',
    fault: 'Publishes the operator\u2019s API key in the public platform manifest.',
    expect: { requirements: ['AIP-SEC-005'], verdict: 'fail' },
    when: (req) => req.method === 'GET' && req.path === '/.well-known/aip/agent' && !req.query.has('agent'),
    json: (b, _req, ctx) => ({ ...b, x_debug: { upstreamKey: ctx.apiKey } }),
  },
  {
    name: 'sec-short-invocation-ids',
    fault: 'Numbers invocations sequentially (`inv_1`, `inv_2`, …).',
    expect: { requirements: ['AIP-SEC-009'], verdict: 'warn' },
    when: isInvoke,
    json: (b, _req, ctx) => (b?.data ? { ...b, data: { ...b.data, id: shortId(ctx) } } : b),
    stream: {
      events: {
        event: (e, s) => {
          if (e.event !== 'start' && e.event !== 'complete' && e.event !== 'error') return undefined;
          if (!s.vars.has('id')) s.vars.set('id', shortId(s.ctx));
          return edit(e, (d) => ({ ...d, invocationId: s.vars.get('id') }));
        },
      },
    },
  },
  {
    name: 'sec-key-in-error',
    fault: 'Quotes the presented API key in every error message.',
    expect: { requirements: ['AIP-SEC-002'], verdict: 'fail' },
    error: (res, req) =>
      res.json?.error && req.headers['x-api-key']
        ? {
            status: res.status,
            headers: res.headers,
            body: {
              error: {
                ...res.json.error,
                message: `${String(res.json.error.message)} (key ${req.headers['x-api-key']})`,
              },
            },
          }
        : undefined,
  },
];
