/**
 * §9 Context assembly: which blocks become candidates (tags, pinned, explicit ids, enrichment),
 * the token budget, the ranking and the order. Every expectation is computed by the kit from
 * the blocks it created — names, tags, importance, creation order and the hub's own tokenCount.
 */
import { sectionChecks } from './_section.ts';
import type { ProbeResponse } from '../probe/index.ts';
import type { Check, CheckSpec, CheckContext, TargetInfo } from '../types.ts';
import { PreconditionError } from '../types.ts';
import { checkError } from './_expect-error.ts';
import { streamSamples } from './_fixtures.ts';
import {
  contextSession,
  createBlock,
  createSession,
  getSession,
  preferenceSession,
  type BlockData,
  type ContextBlockName,
  type ContextSession,
} from './_hub.ts';
import { describe, hubBody, hubInvoke, NO_SUCH_BLOCK } from './_http.ts';
import { Findings, untestable } from './_outcome.ts';
import { payload, terminalOf, unreadableStream } from './_streams.ts';

const needsStream = (t: TargetInfo) =>
  t.agentStreams ? undefined : 'the chosen agent does not stream, and context_assembled is only visible in a stream';

interface Assembly {
  res: ProbeResponse;
  blockIds: string[];
  dropped: string[];
  tokenCount: number;
  blocksIncluded: number;
}

/** A stream invoke on `session` that saves nothing; returns its context_assembled. */
async function assemble(
  ctx: CheckContext,
  session: string,
  body: Record<string, unknown>,
  label: string,
  agent?: string,
): Promise<Assembly> {
  const res = await hubInvoke(
    ctx,
    { ...hubBody(ctx, { session, saveToSession: false, stream: true, ...body }), ...(agent ? { agent } : {}) },
    { label },
  );
  const unread = unreadableStream(res);
  if (unread) throw new PreconditionError(`${label}: ${unread.reason}`, { rootCause: unread.rootCause });
  // Every assembly asks for saveToSession false, so that the sessions hold only the kit's blocks;
  // a hub that saves anyway breaks that premise, and the fault is its saving, not its assembly.
  const created = payload(terminalOf(res.stream!))?.blocksCreated;
  if (Array.isArray(created) && created.length > 0)
    throw new PreconditionError(
      `${label}: an invocation with saveToSession false saved ${created.length} block(s), so the session no longer holds only the blocks the kit created; see invoke.no-save-when-false`,
      { rootCause: 'invoke.no-save-when-false' },
    );
  const p = payload(res.stream?.events.find((e) => e.type === 'context_assembled'));
  if (!p || !Array.isArray(p.blockIds) || !Array.isArray(p.droppedBlockIds)) {
    throw new PreconditionError(`${label}: no readable context_assembled event (${describe(res)})`);
  }
  return {
    res,
    blockIds: p.blockIds as string[],
    dropped: p.droppedBlockIds as string[],
    tokenCount: Number(p.tokenCount),
    blocksIncluded: Number(p.blocksIncluded),
  };
}

/**
 * Ids the kit never created in its context session: when the session itself now holds more blocks
 * than the kit made, an invocation saved despite saveToSession false, and that is the fault.
 */
async function blamePremise(ctx: CheckContext, cs: ContextSession, label: string, unknown: string[]): Promise<void> {
  const now = await getSession(ctx, cs.session.id, 'context session, to count its blocks');
  const extra = now.blocks.filter((id) => !cs.order.includes(id));
  if (extra.length > 0)
    throw new PreconditionError(
      `${label}: blockIds names ${unknown.join(', ')}; the session now holds ${extra.length} block(s) the kit did not create, so an invocation with saveToSession false saved them; see invoke.no-save-when-false`,
      { rootCause: 'invoke.no-save-when-false' },
    );
}

/** `assemble` on the context session, blaming saved blocks (not assembly) for ids the kit never created. */
async function assembleKnown(
  ctx: CheckContext,
  cs: ContextSession,
  body: Record<string, unknown>,
  label: string,
): Promise<Assembly> {
  const a = await assemble(ctx, cs.session.id, body, label);
  const unknown = [...a.blockIds, ...a.dropped].filter((id) => !cs.order.includes(id));
  if (unknown.length > 0) await blamePremise(ctx, cs, label, unknown);
  return a;
}

const names = (cs: ContextSession, ids: Iterable<string>) =>
  [...ids].map((id) => cs.nameOf.get(id) ?? id).join(', ') || '(none)';

function sameSet(a: Iterable<string>, b: Iterable<string>): boolean {
  const x = new Set(a);
  const y = new Set(b);
  return x.size === y.size && [...x].every((v) => y.has(v));
}

/** A candidate-set check: invoke with `context` and expect blockIds ∪ droppedBlockIds to be exactly `expect`. */
function candidateCheck(c: {
  id: string;
  title: string;
  requirements: string[];
  context: (cs: ContextSession) => Record<string, unknown>;
  expect: ContextBlockName[];
  describeContext: string;
}): CheckSpec {
  return {
    id: c.id,
    title: c.title,
    requirements: c.requirements,
    profile: 'hub',
    action: `On a session of seven tagged note blocks (A alpha, B beta, C alpha+gamma, P pinned delta, D untagged, E beta+gamma, A2 dup), while another session holds a "preferences" block, stream-invoke with context ${c.describeContext} and saveToSession false`,
    applies: needsStream,
    async run(ctx) {
      const cs = await ctx.use(contextSession);
      // Another session holding a "preferences" block exists first, so a hub that enriches uninvited is caught.
      await ctx.use(preferenceSession);
      const a = await assembleKnown(ctx, cs, { context: c.context(cs) }, `context ${c.describeContext}`);
      const want = c.expect.map((n) => cs.blocks[n].id);
      const got = [...a.blockIds, ...a.dropped];
      const f = new Findings();
      f.expect(
        sameSet(got, want),
        `candidates (blockIds ∪ droppedBlockIds) were ${names(cs, got)}; expected ${c.expect.join(', ')}`,
      );
      return f.outcome(`candidates exactly ${c.expect.join(', ')}`);
    },
  };
}

interface Ranked {
  id: string;
  klass: number;
  importance: number;
  position: number;
  tokens: number;
}

/** The kit's own statement of §9.3: rank, fit greedily, hand over oldest first. */
export function expectedAssembly(candidates: Ranked[], budget: number): { blockIds: string[]; dropped: string[] } {
  const ranked = [...candidates].sort(
    (a, b) => a.klass - b.klass || b.importance - a.importance || b.position - a.position,
  );
  let remaining = budget;
  const included: Ranked[] = [];
  const dropped: string[] = [];
  for (const c of ranked) {
    if (c.tokens <= remaining) {
      included.push(c);
      remaining -= c.tokens;
    } else dropped.push(c.id);
  }
  return { blockIds: included.sort((a, b) => a.position - b.position).map((c) => c.id), dropped };
}

function rankable(cs: ContextSession, block: BlockData, klass: number): Ranked {
  return {
    id: block.id,
    klass,
    importance: block.metadata.importance,
    position: cs.order.indexOf(block.id),
    tokens: block.metadata.tokenCount,
  };
}

const ALL: ContextBlockName[] = ['A', 'B', 'C', 'P', 'D', 'E', 'A2'];
const totalTokens = (cs: ContextSession) => ALL.reduce((sum, n) => sum + cs.blocks[n].metadata.tokenCount, 0);

/** An agent to exercise the default budget: the streaming one with the smallest max_tokens. */
function smallestBudgetAgent(t: TargetInfo) {
  return [...t.agents]
    .filter((a) => a.stream === true && typeof a.context_requirements?.max_tokens === 'number')
    .sort((a, b) => a.context_requirements.max_tokens - b.context_requirements.max_tokens)[0];
}

const MAX_FILL_BYTES = 2 * 1024 * 1024;

export const CONTEXT_CHECKS: Check[] = sectionChecks(import.meta.url, [
  {
    id: 'context.token-count-deterministic',
    title: 'Equal content gets an equal tokenCount',
    requirements: ['AIP-CTX-001'],
    profile: 'hub',
    action: 'Creates two note blocks with identical content (A and A2) and compares metadata.tokenCount',
    async run(ctx) {
      const cs = await ctx.use(contextSession);
      const f = new Findings();
      const a = cs.blocks.A.metadata.tokenCount;
      const a2 = cs.blocks.A2.metadata.tokenCount;
      f.expect(a === a2, `identical content got tokenCount ${a} and ${a2}`);
      for (const n of ALL) {
        const t = cs.blocks[n].metadata.tokenCount;
        f.expect(
          Number.isInteger(t) && t >= 0,
          `block ${n}: tokenCount ${JSON.stringify(t)} is not a non-negative integer`,
        );
      }
      return f.outcome('equal tokenCount for equal content');
    },
  },
  {
    id: 'context.token-count-sums',
    title: 'context_assembled.tokenCount is the sum of its blocks; blocksIncluded their number',
    requirements: ['AIP-CTX-002'],
    profile: 'hub',
    action:
      'Stream-invokes on the tagged session with the default selection and with includeByTag ["beta"]; sums the tokenCount of blockIds',
    applies: needsStream,
    async run(ctx) {
      const cs = await ctx.use(contextSession);
      const f = new Findings();
      const tokens = new Map(ALL.map((n) => [cs.blocks[n].id, cs.blocks[n].metadata.tokenCount]));
      for (const [label, context] of [
        ['default selection', {}],
        ['includeByTag beta', { includeByTag: ['beta'] }],
      ] as const) {
        const a = await assembleKnown(ctx, cs, { context }, label);
        const unknown = a.blockIds.filter((id) => !tokens.has(id));
        f.expect(
          unknown.length === 0,
          `${label}: blockIds holds blocks that are not in the session: ${unknown.join(', ')}`,
        );
        if (unknown.length > 0) continue;
        const sum = a.blockIds.reduce((s, id) => s + tokens.get(id)!, 0);
        f.expect(a.tokenCount === sum, `${label}: tokenCount ${a.tokenCount} ≠ sum of the blocks' tokenCount ${sum}`);
        f.expect(
          a.blocksIncluded === a.blockIds.length,
          `${label}: blocksIncluded ${a.blocksIncluded} ≠ ${a.blockIds.length} blockIds`,
        );
      }
      return f.outcome('tokenCount = Σ metadata.tokenCount of blockIds; blocksIncluded = |blockIds|');
    },
  },
  {
    id: 'context.ephemeral-has-no-context',
    title: 'An ephemeral invocation without enrichment assembles no block',
    requirements: ['AIP-CTX-002', 'AIP-CTX-014'],
    profile: 'core',
    action: 'Reads context_assembled of the ephemeral streams (no session, no enrichment)',
    applies: needsStream,
    async run(ctx) {
      const f = new Findings();
      let judged = 0;
      for (const s of await streamSamples(ctx, 'main')) {
        const p = payload(s.res.stream?.events.find((e) => e.type === 'context_assembled'));
        if (!p) continue;
        judged++;
        f.expect(
          Array.isArray(p.blockIds) && p.blockIds.length === 0 && p.tokenCount === 0 && p.blocksIncluded === 0,
          `${s.label}: context_assembled is ${JSON.stringify(p)}; expected no block and tokenCount 0`,
        );
      }
      if (judged === 0 && f.empty) return untestable('no ephemeral stream with a context_assembled event to read');
      return f.outcome('blockIds [], tokenCount 0, blocksIncluded 0');
    },
  },
  candidateCheck({
    id: 'context.include-by-tag',
    title: 'includeByTag selects the blocks with one of the tags, plus pinned blocks, and nothing else',
    requirements: ['AIP-CTX-004', 'AIP-CTX-005', 'AIP-CTX-007', 'AIP-CTX-014'],
    context: () => ({ includeByTag: ['alpha'] }),
    describeContext: '{includeByTag: ["alpha"]}',
    expect: ['A', 'C', 'P'],
  }),
  candidateCheck({
    id: 'context.exclude-by-tag',
    title: 'excludeByTag removes blocks with one of the tags (pinned blocks stay)',
    requirements: ['AIP-CTX-004', 'AIP-CTX-005', 'AIP-CTX-007'],
    context: () => ({ excludeByTag: ['gamma', 'delta'] }),
    describeContext: '{excludeByTag: ["gamma", "delta"]}',
    expect: ['A', 'B', 'P', 'D', 'A2'],
  }),
  candidateCheck({
    id: 'context.include-and-exclude',
    title: 'includeByTag and excludeByTag combine',
    requirements: ['AIP-CTX-004', 'AIP-CTX-007'],
    context: () => ({ includeByTag: ['alpha', 'beta'], excludeByTag: ['gamma'] }),
    describeContext: '{includeByTag: ["alpha", "beta"], excludeByTag: ["gamma"]}',
    expect: ['A', 'B', 'P'],
  }),
  candidateCheck({
    id: 'context.include-pinned-false',
    title: 'includePinned false leaves out pinned blocks that are not otherwise selected',
    requirements: ['AIP-CTX-004', 'AIP-CTX-007'],
    context: () => ({ includeByTag: ['beta'], includePinned: false }),
    describeContext: '{includeByTag: ["beta"], includePinned: false}',
    expect: ['B', 'E'],
  }),
  candidateCheck({
    id: 'context.explicit-ids',
    title: 'Blocks named in context.blockIds are candidates even when excluded by tag',
    requirements: ['AIP-CTX-006', 'AIP-CTX-007'],
    context: (cs) => ({ blockIds: [cs.blocks.C.id], includeByTag: ['beta'], excludeByTag: ['gamma'] }),
    describeContext: '{blockIds: [C], includeByTag: ["beta"], excludeByTag: ["gamma"]}',
    expect: ['B', 'C', 'P'],
  }),
  {
    id: 'context.explicit-ids-must-belong',
    title: 'context.blockIds naming a block outside the session gets 404 block_not_found',
    requirements: ['AIP-CTX-003'],
    profile: 'hub',
    action:
      'Invokes on the tagged session with context.blockIds naming a block of another session, a block that does not exist, and (without a session) a block of the session',
    async run(ctx) {
      const cs = await ctx.use(contextSession);
      const other = await ctx.use(preferenceSession);
      const f = new Findings();
      const expect = { status: 404, code: 'block_not_found' };
      const cases: Array<[string, Record<string, unknown>]> = [
        ['a block of another session', { session: cs.session.id, context: { blockIds: [other.block.id] } }],
        ['a block that does not exist', { session: cs.session.id, context: { blockIds: [NO_SUCH_BLOCK] } }],
        ['no session, a block id', { context: { blockIds: [cs.blocks.A.id] } }],
      ];
      for (const [label, extra] of cases)
        checkError(f, await hubInvoke(ctx, hubBody(ctx, { saveToSession: false, ...extra }), { label }), expect, label);
      return f.outcome('HTTP 404, code "block_not_found"');
    },
  },
  {
    id: 'context.budget-respected',
    title: 'With maxTokens below the total, the included blocks fit and the rest are dropped',
    requirements: ['AIP-CTX-008', 'AIP-CTX-009', 'AIP-CTX-011', 'AIP-CTX-013'],
    profile: 'hub',
    action: 'Stream-invokes on the tagged session with context.maxTokens = half the total tokenCount of its blocks',
    applies: needsStream,
    async run(ctx) {
      const cs = await ctx.use(contextSession);
      const budget = Math.max(1, Math.floor(totalTokens(cs) / 2));
      const a = await assembleKnown(ctx, cs, { context: { maxTokens: budget } }, `maxTokens ${budget}`);
      const f = new Findings();
      const tokens = new Map(ALL.map((n) => [cs.blocks[n].id, cs.blocks[n].metadata.tokenCount]));
      const included = a.blockIds.reduce((s, id) => s + (tokens.get(id) ?? 0), 0);
      f.expect(
        included <= budget && a.tokenCount <= budget,
        `the included blocks count ${included} tokens (tokenCount ${a.tokenCount}) over the budget of ${budget}`,
        ['AIP-CTX-008', 'AIP-CTX-009'],
      );
      const all = [...a.blockIds, ...a.dropped];
      f.expect(
        new Set(all).size === all.length,
        `a block appears twice across blockIds and droppedBlockIds: ${names(cs, all)}`,
        ['AIP-CTX-013'],
      );
      f.expect(
        sameSet(
          all,
          ALL.map((n) => cs.blocks[n].id),
        ),
        `blockIds ∪ droppedBlockIds is ${names(cs, all)}; every candidate must be in one of them`,
        ['AIP-CTX-011'],
      );
      f.expect(
        a.dropped.length > 0,
        `nothing was dropped although the candidates total ${totalTokens(cs)} tokens and the budget is ${budget}`,
        ['AIP-CTX-009', 'AIP-CTX-011'],
      );
      return f.outcome(`included tokens ≤ ${budget}; every other candidate in droppedBlockIds, once`);
    },
  },
  {
    id: 'context.ranking-and-order',
    title: 'Candidates are ranked (pinned, explicit, tagged; importance; newest) and handed over oldest first',
    requirements: ['AIP-CTX-010', 'AIP-CTX-011', 'AIP-CTX-012'],
    profile: 'hub',
    action:
      'Stream-invokes on the tagged session with budgets of half and a third of the total, with and without explicit blockIds; compares blockIds and droppedBlockIds with the ranking computed by the kit',
    applies: needsStream,
    async run(ctx) {
      const cs = await ctx.use(contextSession);
      const f = new Findings();
      const total = totalTokens(cs);
      const scenarios: Array<{
        label: string;
        context: Record<string, unknown>;
        candidates: Ranked[];
        budget: number;
      }> = [];
      const half = Math.max(1, Math.floor(total / 2));
      scenarios.push({
        label: `all blocks, maxTokens ${half}`,
        context: { maxTokens: half },
        budget: half,
        candidates: ALL.map((n) => rankable(cs, cs.blocks[n], n === 'P' ? 0 : 2)),
      });
      const third = Math.max(1, Math.floor(total / 3));
      const tagged: ContextBlockName[] = ['B', 'E'];
      scenarios.push({
        label: `blockIds [D, C], includeByTag beta, maxTokens ${third}`,
        context: { blockIds: [cs.blocks.D.id, cs.blocks.C.id], includeByTag: ['beta'], maxTokens: third },
        budget: third,
        candidates: [
          rankable(cs, cs.blocks.P, 0),
          rankable(cs, cs.blocks.D, 1),
          rankable(cs, cs.blocks.C, 1),
          ...tagged.map((n) => rankable(cs, cs.blocks[n], 2)),
        ],
      });
      for (const s of scenarios) {
        const want = expectedAssembly(s.candidates, s.budget);
        const a = await assembleKnown(ctx, cs, { context: s.context }, s.label);
        f.expect(
          JSON.stringify(a.blockIds) === JSON.stringify(want.blockIds),
          `${s.label}: blockIds [${names(cs, a.blockIds)}], expected [${names(cs, want.blockIds)}] (included by rank, listed oldest first)`,
          ['AIP-CTX-010', 'AIP-CTX-012'],
        );
        f.expect(
          JSON.stringify(a.dropped) === JSON.stringify(want.dropped),
          `${s.label}: droppedBlockIds [${names(cs, a.dropped)}], expected [${names(cs, want.dropped)}] (in rank order)`,
          ['AIP-CTX-010', 'AIP-CTX-011'],
        );
      }
      return f.outcome('blockIds and droppedBlockIds exactly as §9.3 ranks and fits them');
    },
  },
  {
    id: 'context.recency-breaks-ties',
    title: 'Of two candidates alike in class and importance, the newer one is ranked first',
    requirements: ['AIP-CTX-010', 'AIP-CTX-011'],
    profile: 'hub',
    action:
      'Creates a session with three equal notes (same size, tags and importance), oldest to newest; stream-invokes with a budget that fits one, then two',
    applies: needsStream,
    async run(ctx) {
      const session = await createSession(ctx, 'recency tie-break');
      const made: BlockData[] = [];
      // Sequential on purpose: creation order is what "newest first" is judged against.
      for (const n of [1, 2, 3])
        made.push(
          await createBlock(
            ctx,
            { sessionId: session.id, type: 'note', content: `Tie ${n}: equal in every way but age.`, importance: 0.5 },
            `create tie block ${n}`,
          ),
        );
      const [oldest, middle, newest] = made as [BlockData, BlockData, BlockData];
      const each = newest.metadata.tokenCount;
      if (made.some((b) => b.metadata.tokenCount !== each))
        throw new PreconditionError(
          'three notes of equal length got different tokenCounts (see context.token-count-deterministic)',
        );
      const f = new Findings();
      const label = (id: string) =>
        id === oldest.id ? 'oldest' : id === middle.id ? 'middle' : id === newest.id ? 'newest' : id;
      for (const fit of [1, 2]) {
        const a = await assemble(
          ctx,
          session.id,
          { context: { maxTokens: each * fit } },
          `maxTokens for ${fit} of 3 equal blocks`,
        );
        const want = fit === 1 ? [newest.id] : [middle.id, newest.id];
        const wantDropped = fit === 1 ? [middle.id, oldest.id] : [oldest.id];
        f.expect(
          JSON.stringify(a.blockIds) === JSON.stringify(want),
          `budget for ${fit}: blockIds [${a.blockIds.map(label).join(', ')}], expected [${want.map(label).join(', ')}] (newest first in rank, listed oldest first)`,
          ['AIP-CTX-010'],
        );
        f.expect(
          JSON.stringify(a.dropped) === JSON.stringify(wantDropped),
          `budget for ${fit}: droppedBlockIds [${a.dropped.map(label).join(', ')}], expected [${wantDropped.map(label).join(', ')}] (rank order)`,
          ['AIP-CTX-010', 'AIP-CTX-011'],
        );
      }
      return f.outcome('the newest of equal blocks wins the budget');
    },
  },
  {
    id: 'context.default-budget-is-agent-max',
    title: "Without maxTokens the budget is the agent's max_tokens, and never more",
    requirements: ['AIP-CTX-008', 'AIP-CTX-009'],
    profile: 'hub',
    action:
      'Fills a session past the max_tokens of the streaming agent with the smallest budget, then stream-invokes that agent without maxTokens and with maxTokens twice its max_tokens',
    applies: (t) =>
      needsStream(t) ??
      (smallestBudgetAgent(t) ? undefined : 'no streaming agent declares context_requirements.max_tokens'),
    async run(ctx) {
      const agent = smallestBudgetAgent(ctx.target)!;
      const max = agent.context_requirements.max_tokens;
      const session = await createSession(ctx, 'budget fill');
      let total = 0;
      let bytes = 0;
      const chunk = Math.min(256 * 1024, Math.max(1024, Math.ceil((max * 4) / 3)));
      for (let i = 0; total <= max; i++) {
        if (bytes + chunk > MAX_FILL_BYTES) {
          throw new PreconditionError(
            `${MAX_FILL_BYTES} bytes of blocks did not exceed the max_tokens (${max}) of agent ${agent.id} (reached ${total} tokens)`,
          );
        }
        const b = await createBlock(
          ctx,
          {
            sessionId: session.id,
            type: 'note',
            content: `Filler ${i}. ${'lorem ipsum '.repeat(Math.ceil(chunk / 12))}`,
          },
          `filler block ${i}`,
        );
        total += b.metadata.tokenCount;
        bytes += chunk;
      }
      const f = new Findings();
      const dflt = await assemble(ctx, session.id, {}, `no maxTokens, agent ${agent.id}`, agent.id);
      f.expect(
        dflt.tokenCount <= max,
        `without maxTokens, tokenCount ${dflt.tokenCount} exceeds ${agent.id}'s max_tokens ${max}`,
      );
      f.expect(
        dflt.dropped.length > 0,
        `without maxTokens, nothing was dropped although the session holds ${total} tokens and max_tokens is ${max}`,
      );
      const over = await assemble(
        ctx,
        session.id,
        { context: { maxTokens: max * 2 } },
        `maxTokens ${max * 2}, agent ${agent.id}`,
        agent.id,
      );
      f.expect(
        over.tokenCount <= max,
        `with maxTokens ${max * 2}, tokenCount ${over.tokenCount} exceeds ${agent.id}'s max_tokens ${max}`,
      );
      return f.outcome(`tokenCount ≤ ${max} in both cases`);
    },
  },
  candidateCheck({
    id: 'context.enrichment-none',
    title: 'enrichment "none" adds no block',
    requirements: ['AIP-CTX-014', 'AIP-CTX-007'],
    context: () => ({ includeByTag: ['alpha'] }),
    describeContext:
      '{includeByTag: ["alpha"]} and enrichment "none" while another session holds a "preferences" block',
    expect: ['A', 'C', 'P'],
  }),
  {
    id: 'context.enrichment-manual',
    title: 'enrichment "manual" adds the named blocks of other sessions, within enrichmentConfig.maxTokens',
    requirements: ['AIP-CTX-015', 'AIP-CTX-019'],
    profile: 'hub',
    action:
      'Stream-invokes on the tagged session with includeByTag ["alpha"], enrichment "manual" naming a block of another session; then the same with enrichmentConfig.maxTokens 0',
    applies: needsStream,
    async run(ctx) {
      const cs = await ctx.use(contextSession);
      const pref = await ctx.use(preferenceSession);
      const f = new Findings();
      const base = { context: { includeByTag: ['alpha'] }, enrichment: 'manual' };
      const a = await assemble(
        ctx,
        cs.session.id,
        { ...base, enrichmentConfig: { blockIds: [pref.block.id] } },
        'manual enrichment',
      );
      const want = [cs.blocks.A.id, cs.blocks.C.id, cs.blocks.P.id, pref.block.id];
      f.expect(
        sameSet([...a.blockIds, ...a.dropped], want),
        `candidates were ${names(cs, [...a.blockIds, ...a.dropped])}; expected A, C, P and the enrichment block ${pref.block.id}`,
        ['AIP-CTX-015'],
      );
      const z = await assemble(
        ctx,
        cs.session.id,
        { ...base, enrichmentConfig: { blockIds: [pref.block.id], maxTokens: 0 } },
        'manual enrichment, maxTokens 0',
      );
      f.expect(
        !z.blockIds.includes(pref.block.id),
        `with enrichmentConfig.maxTokens 0 the enrichment block ${pref.block.id} was still included`,
        ['AIP-CTX-019'],
      );
      return f.outcome('the named block is a candidate; with enrichmentConfig.maxTokens 0 it is not included');
    },
  },
  {
    id: 'context.enrichment-unknown-block',
    title: 'enrichmentConfig.blockIds naming an unknown block gets 404 block_not_found',
    requirements: ['AIP-CTX-016'],
    profile: 'hub',
    action: `Invokes with enrichment "manual" and enrichmentConfig.blockIds [${NO_SUCH_BLOCK}]; then with "none" and "auto" and the same ids, which those modes ignore (Appendix A.34)`,
    async run(ctx) {
      const f = new Findings();
      const res = await hubInvoke(
        ctx,
        hubBody(ctx, { enrichment: 'manual', enrichmentConfig: { blockIds: [NO_SUCH_BLOCK] } }),
        { label: 'manual enrichment with an unknown block' },
      );
      checkError(f, res, { status: 404, code: 'block_not_found' }, 'manual enrichment');
      for (const mode of ['none', 'auto']) {
        const other = await hubInvoke(
          ctx,
          hubBody(ctx, { enrichment: mode, enrichmentConfig: { blockIds: [NO_SUCH_BLOCK] } }),
          { label: `${mode} enrichment with an unknown block id` },
        );
        f.expect(
          other.status === 200,
          `enrichment "${mode}" with an unknown enrichmentConfig.blockIds answered ${describe(other)}; those ids are read only in manual mode`,
        );
      }
      return f.outcome('HTTP 404 block_not_found in manual mode; the ids ignored in the other modes');
    },
  },
  {
    id: 'context.enrichment-stays-private',
    title: "Enrichment never adds another principal's blocks",
    requirements: ['AIP-CTX-016', 'AIP-CTX-018'],
    profile: 'hub',
    action:
      'With the second key, creates a session holding a "preferences" block; with the main key, stream-invokes with enrichment "auto" and with "manual" naming that block',
    applies: (t) =>
      needsStream(t) ??
      (t.secondPrincipal
        ? undefined
        : 'the run has a single API key; pass --second-api-key (a key of another principal) to test that enrichment stays within a principal'),
    async run(ctx) {
      const f = new Findings();
      const res = await ctx.send({
        method: 'POST',
        path: '/v1/aip/sessions',
        json: { name: ctx.unique('second principal') },
        auth: 'second',
        label: 'second principal creates a session',
      });
      const sessionId = (res.json as { data?: { id?: string } } | undefined)?.data?.id;
      if (res.status !== 201 || !sessionId)
        throw new PreconditionError(`the second principal could not create a session (${describe(res)})`);
      const blockRes = await ctx.send({
        method: 'POST',
        path: '/v1/aip/blocks',
        json: { sessionId, type: 'note', content: 'Preference of another principal.', tags: ['preferences'] },
        auth: 'second',
        label: 'second principal creates a preferences block',
      });
      const foreign = (blockRes.json as { data?: { id?: string } } | undefined)?.data?.id;
      if (blockRes.status !== 201 || !foreign)
        throw new PreconditionError(`the second principal could not create a block (${describe(blockRes)})`);
      const own = await createSession(ctx, 'auto enrichment');
      const auto = await assemble(ctx, own.id, { enrichment: 'auto' }, 'auto enrichment');
      f.expect(
        ![...auto.blockIds, ...auto.dropped].includes(foreign),
        `auto enrichment considered ${foreign}, a block of another principal`,
        ['AIP-CTX-018'],
      );
      const manual = await hubInvoke(
        ctx,
        hubBody(ctx, {
          session: own.id,
          saveToSession: false,
          enrichment: 'manual',
          enrichmentConfig: { blockIds: [foreign] },
        }),
        { label: "manual enrichment naming another principal's block" },
      );
      checkError(
        f,
        manual,
        { status: 404, code: 'block_not_found' },
        "manual enrichment naming another principal's block",
        ['AIP-CTX-016'],
      );
      return f.outcome('no candidate from another principal; naming one is 404 block_not_found');
    },
  },
]);
