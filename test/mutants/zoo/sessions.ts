/** §12 Sessions and §13 Blocks. */
import { relay } from '../proxy.ts';
import { errorResponse, is, withBody } from '../helpers.ts';
import type { Mutant, ProxyRequest } from '../types.ts';

type Body = Record<string, any>;

const createSession = is('POST', /^\/v1\/aip\/sessions$/);
const getSession = is('GET', /^\/v1\/aip\/sessions\/[^/]+$/);
const listSessions = is('GET', /^\/v1\/aip\/sessions$/);
const fork = is('POST', /^\/v1\/aip\/sessions\/[^/]+\/fork$/);
const createBlock = is('POST', /^\/v1\/aip\/blocks$/);
const listBlocks = is('GET', /^\/v1\/aip\/sessions\/[^/]+\/blocks$/);
const sessionIdOf = (req: ProxyRequest) => decodeURIComponent(req.path.split('/')[4] ?? '');

/** Edits `data` of a single-resource answer. */
function onData(change: (data: Body, req: ProxyRequest) => void): Mutant['json'] {
  return (b, req) => {
    if (b?.data && typeof b.data === 'object' && !Array.isArray(b.data)) change(b.data, req);
    return b;
  };
}

const madeUpSession = (id: string) => {
  const now = new Date(0).toISOString();
  return {
    data: {
      id,
      name: 'Made up',
      tags: [],
      blocks: [],
      pinnedBlocks: [],
      createdAt: now,
      updatedAt: now,
      metrics: {
        totalTokens: 0,
        maxTokens: 100000,
        tokensRemainingPct: 100,
        compactionCount: 0,
        blockCount: 0,
        invocationCount: 0,
      },
    },
  };
};

export const SES_MUTANTS: Mutant[] = [
  {
    name: 'ses-list-by-creation',
    fault:
      'Orders the session list by creation, newest first, so a session used by an invocation that saved nothing does not move up.',
    expect: { requirements: ['AIP-SES-008'], verdict: 'fail' },
    when: (req) => req.path.startsWith('/v1/aip/sessions'),
    json: (b, req, ctx) => {
      const order = (ctx.state.get('created') as string[] | undefined) ?? [];
      ctx.state.set('created', order);
      if (req.method === 'POST' && typeof b?.data?.id === 'string') order.push(b.data.id);
      if (req.method === 'GET' && req.path === '/v1/aip/sessions' && Array.isArray(b?.data))
        b.data.sort((x: { id: string }, y: { id: string }) => order.indexOf(y.id) - order.indexOf(x.id));
      return b;
    },
  },
  {
    name: 'ses-unknown-session-made-up',
    fault: 'Answers GET of an unknown session with 200 and an empty session instead of 404 session_not_found.',
    expect: { requirements: ['AIP-SES-001'], verdict: 'fail' },
    when: getSession,
    error: (res, req) =>
      res.status === 404 ? { status: 200, headers: res.headers, body: madeUpSession(sessionIdOf(req)) } : undefined,
  },
  {
    name: 'ses-unknown-session-400',
    fault: 'Answers every reference to an unknown session with 400 invalid_request instead of 404 session_not_found.',
    expect: { requirements: ['AIP-SES-001'], verdict: 'fail' },
    error: (res) =>
      res.json?.error?.code === 'session_not_found'
        ? {
            status: 400,
            headers: res.headers,
            body: { error: { ...res.json.error, code: 'invalid_request', field: '' } },
          }
        : undefined,
  },
  {
    name: 'ses-create-200',
    fault: 'Answers a created session with 200 instead of 201.',
    expect: { requirements: ['AIP-SES-002'], verdict: 'fail' },
    when: createSession,
    head: (head) => (head.status === 201 ? { ...head, status: 200 } : head),
  },
  {
    name: 'ses-create-drops-tags',
    fault: 'Creates sessions without the requested `tags`.',
    expect: { requirements: ['AIP-SES-002'], verdict: 'fail' },
    when: (req) =>
      createSession(req) &&
      Array.isArray((req.json as Body | undefined)?.tags) &&
      (req.json as Body).fromSession === undefined,
    request: (req) => withBody(req, { ...(req.json as Body), tags: [] }),
  },
  {
    name: 'ses-from-session-ignored',
    fault: 'Ignores `fromSession` and creates an empty session.',
    expect: { requirements: ['AIP-SES-003'], verdict: 'fail' },
    when: (req) => createSession(req) && (req.json as Body | undefined)?.fromSession !== undefined,
    request: (req) => {
      const {
        fromSession: _ignored,
        includeByTag: _a,
        excludeByTag: _b,
        includePinned: _c,
        ...rest
      } = req.json as Body;
      return withBody(req, rest);
    },
  },
  {
    name: 'ses-get-without-metrics',
    fault: 'Leaves `metrics` out of a session.',
    expect: { requirements: ['AIP-SES-004'], verdict: 'fail' },
    when: getSession,
    json: onData((s) => {
      delete s.metrics;
    }),
  },
  {
    name: 'ses-blocks-newest-first',
    fault: 'Lists a session\u2019s `blocks` newest first.',
    expect: { requirements: ['AIP-SES-005'], verdict: 'fail' },
    when: getSession,
    json: onData((s) => {
      if (Array.isArray(s.blocks)) s.blocks = [...s.blocks].reverse();
    }),
  },
  {
    name: 'ses-total-tokens-off',
    fault: 'Reports `metrics.totalTokens` one above the sum of its blocks.',
    expect: { requirements: ['AIP-SES-006'], verdict: 'fail' },
    when: getSession,
    json: onData((s) => {
      if (s.metrics) s.metrics.totalTokens += 1;
    }),
  },
  {
    name: 'ses-updated-at-frozen',
    fault: 'Never moves `updatedAt` after creation.',
    expect: { requirements: ['AIP-SES-007'], verdict: 'fail' },
    when: (req) => getSession(req) || fork(req) || createSession(req),
    json: onData((s) => {
      s.updatedAt = s.createdAt;
    }),
  },
  {
    name: 'ses-list-oldest-first',
    fault: 'Lists sessions least recently updated first.',
    expect: { requirements: ['AIP-SES-008'], verdict: 'fail' },
    when: listSessions,
    json: (b) => {
      if (Array.isArray(b?.data)) b.data = [...b.data].reverse();
      return b;
    },
  },
  {
    name: 'ses-list-tag-ignored',
    fault: 'Ignores the `tag` parameter of the sessions list.',
    expect: { requirements: ['AIP-SES-009'], verdict: 'fail' },
    when: (req) => listSessions(req) && req.query.has('tag'),
    request: (req) => {
      const query = new URLSearchParams(req.query);
      query.delete('tag');
      return { ...req, query };
    },
  },
  {
    name: 'ses-fork-without-forked-from',
    fault: 'Leaves `forkedFrom` out of a fork.',
    expect: { requirements: ['AIP-SES-010'], verdict: 'fail' },
    when: fork,
    json: onData((s) => {
      delete s.forkedFrom;
    }),
  },
  {
    name: 'ses-fork-drops-pinned',
    fault: 'Does not copy pinned blocks into a fork unless the tags select them.',
    expect: { requirements: ['AIP-SES-011'], verdict: 'fail' },
    when: (req) => fork(req) && (req.json as Body | undefined)?.includePinned === undefined,
    request: (req) => withBody(req, { ...((req.json as Body | undefined) ?? {}), includePinned: false }),
  },
  {
    name: 'ses-fork-touches-source',
    fault: 'Appends a note block to the source session when forking it.',
    expect: { requirements: ['AIP-SES-012'], verdict: 'fail' },
    when: fork,
    json: async (b, req, ctx) => {
      await ctx.call(req, 'POST', '/v1/aip/blocks', {
        sessionId: sessionIdOf(req),
        type: 'note',
        content: 'forked here',
      });
      return b;
    },
  },
  {
    name: 'ses-fork-drops-tags',
    fault: 'Gives a fork no tags instead of the source session\u2019s.',
    expect: { requirements: ['AIP-SES-013'], verdict: 'fail' },
    when: fork,
    json: onData((s) => {
      s.tags = [];
    }),
  },
  {
    name: 'ses-fork-empty-body-rejected',
    fault: 'Answers a fork request with an empty body with 400 invalid_json.',
    expect: { requirements: ['AIP-SES-014'], verdict: 'fail' },
    when: (req) => fork(req) && req.body.length === 0,
    respond: () => errorResponse(400, 'invalid_json'),
  },
];

export const BLK_MUTANTS: Mutant[] = [
  {
    name: 'blk-create-200',
    fault: 'Answers a created block with 200 instead of 201.',
    expect: { requirements: ['AIP-BLK-001'], verdict: 'fail' },
    when: createBlock,
    head: (head) => (head.status === 201 ? { ...head, status: 200 } : head),
  },
  {
    name: 'blk-content-field-vague',
    fault: 'Points `field` of a content violation at the whole body instead of inside `/content`.',
    expect: { requirements: ['AIP-BLK-002'], verdict: 'fail' },
    when: createBlock,
    error: (res) =>
      typeof res.json?.error?.field === 'string' && res.json.error.field.startsWith('/content')
        ? { ...relay(res), body: { error: { ...res.json.error, field: '' } } }
        : undefined,
  },
  {
    name: 'blk-tags-dropped',
    fault: 'Reports `metadata.tags: []` for a new block whatever the request said.',
    expect: { requirements: ['AIP-BLK-003'], verdict: 'fail' },
    when: createBlock,
    json: onData((blk) => {
      if (blk.metadata) blk.metadata.tags = [];
    }),
  },
  {
    name: 'blk-importance-overridden',
    fault: 'Reports importance 0.5 for every new block whatever the request said.',
    expect: { requirements: ['AIP-BLK-004'], verdict: 'fail' },
    when: createBlock,
    json: onData((blk) => {
      if (blk.metadata) blk.metadata.importance = 0.5;
    }),
  },
  {
    name: 'blk-prepended',
    fault: 'Shows the newest block at the front of the session\u2019s `blocks` instead of the end.',
    expect: { requirements: ['AIP-BLK-005'], verdict: 'fail' },
    when: getSession,
    json: onData((s) => {
      if (Array.isArray(s.blocks) && s.blocks.length > 1) s.blocks = [s.blocks.at(-1), ...s.blocks.slice(0, -1)];
    }),
  },
  {
    name: 'blk-list-newest-first',
    fault: 'Lists a session\u2019s blocks newest first.',
    expect: { requirements: ['AIP-BLK-006'], verdict: 'fail' },
    when: listBlocks,
    json: (b) => {
      if (Array.isArray(b?.data)) b.data = [...b.data].reverse();
      return b;
    },
  },
  {
    name: 'blk-list-filters-ignored',
    fault: 'Ignores the `type`, `tag` and `pinned` filters of the blocks list.',
    expect: { requirements: ['AIP-BLK-007'], verdict: 'fail' },
    when: listBlocks,
    request: (req) => {
      const query = new URLSearchParams(req.query);
      for (const name of ['type', 'tag', 'pinned']) query.delete(name);
      return { ...req, query };
    },
  },
];
