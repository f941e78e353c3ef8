/** §9 Context assembly and enrichment, observed through `context_assembled` and usage. */
import { manifestHash } from '../../../src/index.ts';
import { relay } from '../proxy.ts';
import { HUB_INVOKE, edit, editEvents, is, isInvoke, withBody } from '../helpers.ts';
import type { Mutant, ProxyRequest } from '../types.ts';

type Body = Record<string, any>;

/** Where a selection member lives: hub `context.<camel>` or portable `context.<snake>`. */
const SNAKE = {
  blockIds: 'block_ids',
  includeByTag: 'include_by_tag',
  excludeByTag: 'exclude_by_tag',
  includePinned: 'include_pinned',
  maxTokens: 'max_tokens',
} as const;
type SelectionMember = keyof typeof SNAKE;

function selection(req: ProxyRequest, member: SelectionMember): unknown {
  const context = (req.json as Body | undefined)?.context;
  return context?.[req.path === HUB_INVOKE ? member : SNAKE[member]];
}

/** A copy of the request with one selection member set (or removed when `value` is undefined). */
function setSelection(req: ProxyRequest, member: SelectionMember, value: unknown): ProxyRequest {
  const b = structuredClone(req.json as Body);
  const name = req.path === HUB_INVOKE ? member : SNAKE[member];
  b.context = { ...(b.context ?? {}) };
  if (value === undefined) delete b.context[name];
  else b.context[name] = value;
  return withBody(req, b);
}

function enrichment(req: ProxyRequest): unknown {
  const b = req.json as Body | undefined;
  return req.path === HUB_INVOKE ? b?.enrichment : b?.context?.enrichment;
}

function setEnrichment(req: ProxyRequest, mode: string): ProxyRequest {
  const b = structuredClone(req.json as Body);
  if (req.path === HUB_INVOKE) b.enrichment = mode;
  else b.context = { ...(b.context ?? {}), enrichment: mode };
  return withBody(req, b);
}

/** A copy of the request with one enrichment-config member set (or removed), in either format. */
function editEnrichmentConfig(req: ProxyRequest, member: 'blockIds' | 'maxTokens', value: unknown): ProxyRequest {
  const b = structuredClone(req.json as Body);
  const [holder, key, name] =
    req.path === HUB_INVOKE
      ? [b, 'enrichmentConfig', member]
      : [(b.context ??= {}), 'enrichment_config', member === 'blockIds' ? 'block_ids' : 'max_tokens'];
  holder[key] = { ...(holder[key] ?? {}) };
  if (value === undefined) delete holder[key][name];
  else holder[key][name] = value;
  return withBody(req, b);
}

function enrichmentConfig(req: ProxyRequest, member: 'blockIds' | 'maxTokens'): unknown {
  const b = req.json as Body | undefined;
  return req.path === HUB_INVOKE
    ? b?.enrichmentConfig?.[member]
    : b?.context?.enrichment_config?.[member === 'blockIds' ? 'block_ids' : 'max_tokens'];
}

const isBlockCreate = is('POST', /^\/v1\/aip\/blocks$/);

export const CTX_MUTANTS: Mutant[] = [
  {
    name: 'ctx-token-count-drifts',
    fault: 'Counts a little more tokens for each block it creates, so equal content gets different counts.',
    expect: { requirements: ['AIP-CTX-001'], verdict: 'fail' },
    when: isBlockCreate,
    json: (b, _req, ctx) => {
      const n = ((ctx.state.get('drift') as number | undefined) ?? 0) + 1;
      ctx.state.set('drift', n);
      if (b?.data?.metadata) b.data.metadata.tokenCount += n;
      return b;
    },
  },
  {
    name: 'ctx-token-count-off',
    fault:
      'Reports a `context_assembled.tokenCount` (and matching `usage.contextTokens`) one above the sum of the included blocks.',
    expect: { requirements: ['AIP-CTX-002'], verdict: 'fail' },
    when: isInvoke,
    stream: editEvents({
      context_assembled: (d) => ({ ...d, tokenCount: d.tokenCount + 1 }),
      complete: (d) => ({
        ...d,
        usage: { ...d.usage, contextTokens: d.usage.contextTokens + 1, inputTokens: d.usage.inputTokens + 1 },
      }),
    }),
  },
  {
    name: 'ctx-blocks-included-off',
    fault: 'Reports `blocksIncluded` one more than the number of `blockIds`.',
    expect: { requirements: ['AIP-CTX-002'], verdict: 'fail' },
    when: isInvoke,
    stream: editEvents({ context_assembled: (d) => ({ ...d, blocksIncluded: d.blocksIncluded + 1 }) }),
  },
  {
    name: 'ctx-unknown-block-ignored',
    fault:
      'Silently ignores `context.blockIds` that name no block of the session instead of answering block_not_found.',
    expect: { requirements: ['AIP-CTX-003'], verdict: 'fail' },
    when: (req) => isInvoke(req) && Array.isArray(selection(req, 'blockIds')),
    error: async (res, req, ctx) =>
      res.json?.error?.code === 'block_not_found'
        ? relay(await ctx.forward(setSelection(req, 'blockIds', undefined)))
        : undefined,
  },
  {
    name: 'ctx-exclude-by-tag-ignored',
    fault: 'Ignores `excludeByTag`.',
    expect: { requirements: ['AIP-CTX-004'], verdict: 'fail' },
    when: (req) => isInvoke(req) && selection(req, 'excludeByTag') !== undefined,
    request: (req) => setSelection(req, 'excludeByTag', undefined),
  },
  {
    name: 'ctx-include-by-tag-ignored',
    fault: 'Ignores `includeByTag`, so blocks without any of the tags become candidates.',
    expect: { requirements: ['AIP-CTX-007'], verdict: 'fail' },
    when: (req) => isInvoke(req) && selection(req, 'includeByTag') !== undefined,
    request: (req) => setSelection(req, 'includeByTag', undefined),
  },
  {
    name: 'ctx-pinned-off-by-default',
    fault: 'Treats an absent `includePinned` as false.',
    expect: { requirements: ['AIP-CTX-005'], verdict: 'fail' },
    when: (req) => isInvoke(req) && selection(req, 'includePinned') === undefined,
    request: (req) => setSelection(req, 'includePinned', false),
  },
  {
    name: 'ctx-explicit-excluded-by-tag',
    fault: 'Drops explicitly named blocks when an `excludeByTag` is given.',
    expect: { requirements: ['AIP-CTX-006'], verdict: 'fail' },
    when: (req) =>
      isInvoke(req) && selection(req, 'excludeByTag') !== undefined && selection(req, 'blockIds') !== undefined,
    request: (req) => setSelection(req, 'blockIds', undefined),
  },
  {
    name: 'ctx-budget-ignored',
    fault: 'Ignores `context.maxTokens` and uses the agent\u2019s whole context as the budget.',
    expect: { requirements: ['AIP-CTX-009'], verdict: 'fail' },
    when: (req) => isInvoke(req) && selection(req, 'maxTokens') !== undefined,
    request: (req) => setSelection(req, 'maxTokens', undefined),
  },
  {
    name: 'ctx-agent-limit-exceeded',
    fault:
      'Publishes a `context_requirements.max_tokens` of 40 for every agent but budgets with its internal, larger limit.',
    expect: { requirements: ['AIP-CTX-008'], verdict: 'fail' },
    when: is('GET', /^\/\.well-known\/aip\/agent$/),
    json: (doc) => {
      for (const agent of [...(Array.isArray(doc?.agents) ? doc.agents : []), ...(doc?.agent ? [doc.agent] : [])]) {
        agent.context_requirements = { ...agent.context_requirements, max_tokens: 40 };
        agent.manifest_hash = manifestHash(agent);
      }
      return doc;
    },
  },
  {
    name: 'ctx-importance-ignored',
    fault:
      'Stores every block with the default importance (while echoing the requested one), so ranking ignores importance.',
    expect: { requirements: ['AIP-CTX-010'], verdict: 'fail' },
    when: (req) => isBlockCreate(req) && typeof (req.json as Body | undefined)?.importance === 'number',
    request: (req) => {
      const { importance: _ignored, ...rest } = req.json as Body;
      return { ...withBody(req, rest), json: req.json };
    },
    json: (b, req) => {
      if (b?.data?.metadata) b.data.metadata.importance = (req.json as Body).importance;
      return b;
    },
  },
  {
    name: 'ctx-recency-reversed',
    fault:
      'Breaks ties of class and importance oldest first instead of newest first (it stores a hair more importance for older blocks, and echoes the requested value).',
    expect: { requirements: ['AIP-CTX-010'], verdict: 'fail' },
    when: isBlockCreate,
    request: (req, ctx) => {
      const n = ((ctx.state.get('created') as number | undefined) ?? 0) + 1;
      ctx.state.set('created', n);
      const b = req.json as Body;
      const importance = typeof b.importance === 'number' ? b.importance : 0.5;
      // Far below any difference the kit's own blocks have (≥ 0.1), so only exact ties change order.
      return { ...withBody(req, { ...b, importance: importance * 0.999999 + (100_000 - n) * 1e-11 }), json: req.json };
    },
    json: (b, req) => {
      if (b?.data?.metadata) b.data.metadata.importance = (req.json as Body).importance ?? 0.5;
      return b;
    },
  },
  {
    name: 'ctx-dropped-omitted',
    fault: 'Always reports `droppedBlockIds: []`.',
    expect: { requirements: ['AIP-CTX-011'], verdict: 'fail' },
    when: isInvoke,
    stream: editEvents({ context_assembled: (d) => ({ ...d, droppedBlockIds: [] }) }),
  },
  {
    name: 'ctx-newest-first',
    fault: 'Lists `context_assembled.blockIds` newest first.',
    expect: { requirements: ['AIP-CTX-012'], verdict: 'fail' },
    when: isInvoke,
    stream: editEvents({ context_assembled: (d) => ({ ...d, blockIds: [...d.blockIds].reverse() }) }),
  },
  {
    name: 'ctx-dropped-repeats-included',
    fault: 'Also lists the first included block in `droppedBlockIds`.',
    expect: { requirements: ['AIP-CTX-013'], verdict: 'fail' },
    when: isInvoke,
    stream: editEvents({
      context_assembled: (d) =>
        d.blockIds.length > 0 ? { ...d, droppedBlockIds: [...d.droppedBlockIds, d.blockIds[0]] } : d,
    }),
  },
  {
    name: 'ctx-none-enriches',
    fault: 'Enriches automatically even when `enrichment` is absent or "none".',
    expect: { requirements: ['AIP-CTX-014'], verdict: 'fail' },
    when: (req) => isInvoke(req) && (enrichment(req) === undefined || enrichment(req) === 'none'),
    request: (req) => setEnrichment(req, 'auto'),
  },
  {
    name: 'ctx-manual-ignored',
    fault: 'Treats `enrichment: "manual"` as "none".',
    expect: { requirements: ['AIP-CTX-015'], verdict: 'fail' },
    when: (req) => isInvoke(req) && enrichment(req) === 'manual',
    request: (req) => setEnrichment(req, 'none'),
  },
  {
    name: 'ctx-manual-unknown-ignored',
    fault: 'Silently ignores unknown `enrichmentConfig.blockIds` instead of answering block_not_found.',
    expect: { requirements: ['AIP-CTX-016'], verdict: 'fail' },
    when: (req) => isInvoke(req) && Array.isArray(enrichmentConfig(req, 'blockIds')),
    error: async (res, req, ctx) =>
      res.json?.error?.code === 'block_not_found'
        ? relay(await ctx.forward(editEnrichmentConfig(req, 'blockIds', undefined)))
        : undefined,
  },
  {
    name: 'ctx-enrichment-leaks',
    fault:
      'Considers another principal\u2019s `preferences` blocks for auto enrichment (they show up as dropped candidates).',
    expect: { requirements: ['AIP-CTX-018'], verdict: 'fail' },
    json: (b, req, ctx) => {
      const tags: unknown = b?.data?.metadata?.tags;
      if (
        isBlockCreate(req) &&
        req.headers['x-api-key'] === ctx.secondApiKey &&
        Array.isArray(tags) &&
        tags.includes('preferences')
      ) {
        ctx.state.set('foreign', [...((ctx.state.get('foreign') as string[] | undefined) ?? []), b.data.id]);
      }
      return b;
    },
    stream: {
      events: {
        event: (e, s) =>
          e.event === 'context_assembled' && enrichment(s.req) === 'auto'
            ? edit(e, (d) => {
                d.droppedBlockIds = [
                  ...d.droppedBlockIds,
                  ...((s.ctx.state.get('foreign') as string[] | undefined) ?? []),
                ];
              })
            : undefined,
      },
    },
  },
  {
    name: 'ctx-enrichment-cap-ignored',
    fault: 'Ignores `enrichmentConfig.maxTokens`.',
    expect: { requirements: ['AIP-CTX-019'], verdict: 'fail' },
    when: (req) => isInvoke(req) && enrichmentConfig(req, 'maxTokens') !== undefined,
    request: (req) => editEnrichmentConfig(req, 'maxTokens', undefined),
  },
];
