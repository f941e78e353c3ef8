import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { selectContext, type AssemblyInput } from '../../../reference-server/context/select-context.ts';
import type { AssemblyRequest, StoredBlock } from '../../../reference-server/storage/store.ts';
import { CURRENT_SESSION, toStoredBlock } from './fixture-blocks.ts';

const TAGS = ['a', 'b', 'c', 'preferences'];
const TIMES = [
  '2026-01-01T00:00:00.000Z',
  '2026-01-01T00:00:00.001Z',
  '2026-01-02T00:00:00.000Z',
  '2026-02-01T00:00:00.000Z',
];

const blockShape = fc.record({
  tokenCount: fc.integer({ min: 0, max: 60 }),
  tags: fc.subarray(TAGS),
  pinned: fc.boolean(),
  importance: fc.constantFrom(0, 0.25, 0.5, 1),
  time: fc.integer({ min: 0, max: TIMES.length - 1 }),
});

type BlockShape = typeof blockShape extends fc.Arbitrary<infer T> ? T : never;

/** Session blocks get non-decreasing createdAt, as a store writes them. */
function makeBlocks(
  shapes: BlockShape[],
  prefix: string,
  sessionId: (i: number) => string,
  sortTimes: boolean,
): StoredBlock[] {
  const times = shapes.map((s) => s.time);
  if (sortTimes) times.sort((x, y) => x - y);
  return shapes.map((s, i) =>
    toStoredBlock({ ...s, id: `blk_${prefix}${i}`, createdAt: TIMES[times[i]!]!, sessionId: sessionId(i) }),
  );
}

const scenario = fc
  .record({
    session: fc.option(fc.array(blockShape, { maxLength: 12 }), { nil: null }),
    pool: fc.array(blockShape, { maxLength: 6 }),
    includeByTag: fc.option(fc.subarray(TAGS), { nil: undefined }),
    excludeByTag: fc.option(fc.subarray(TAGS), { nil: undefined }),
    includePinned: fc.option(fc.boolean(), { nil: undefined }),
    explicitPicks: fc.array(fc.nat(), { maxLength: 4 }),
    maxTokens: fc.option(fc.integer({ min: 1, max: 200 }), { nil: undefined }),
    defaultMaxTokens: fc.integer({ min: 1, max: 200 }),
    enrichment: fc.constantFrom('none', 'manual', 'auto'),
    includePreferences: fc.option(fc.boolean(), { nil: undefined }),
    recencyBias: fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { nil: undefined }),
    enrichmentMax: fc.option(fc.integer({ min: 0, max: 100 }), { nil: undefined }),
    manualPicks: fc.array(fc.nat(), { maxLength: 4 }),
  })
  .map((s) => {
    const sessionBlocks = s.session && makeBlocks(s.session, 's', () => CURRENT_SESSION, true);
    const other = makeBlocks(s.pool, 'o', (i) => `sess_other${i % 2}`, false);
    const explicit = sessionBlocks?.length
      ? s.explicitPicks.map((p) => sessionBlocks[p % sessionBlocks.length]!.id)
      : [];
    const everything = [...(sessionBlocks ?? []), ...other];
    const manual = everything.length ? s.manualPicks.map((p) => everything[p % everything.length]!.id) : [];
    const request: AssemblyRequest = {
      selection: {
        ...(s.includeByTag && { includeByTag: s.includeByTag }),
        ...(s.excludeByTag && { excludeByTag: s.excludeByTag }),
        ...(s.includePinned !== undefined && { includePinned: s.includePinned }),
        ...(explicit.length && { blockIds: explicit }),
        ...(s.maxTokens !== undefined && { maxTokens: s.maxTokens }),
      },
      enrichment: s.enrichment,
      enrichmentConfig: {
        ...(s.includePreferences !== undefined && { includePreferences: s.includePreferences }),
        ...(s.recencyBias !== undefined && { recencyBias: s.recencyBias }),
        ...(s.enrichmentMax !== undefined && { maxTokens: s.enrichmentMax }),
        ...(manual.length && { blockIds: manual }),
      },
      defaultMaxTokens: s.defaultMaxTokens,
    };
    // What the loader hands over: found manual blocks in the order asked, or preferences elsewhere, newest first.
    const enrichmentBlocks =
      s.enrichment === 'manual'
        ? manual.map((id) => everything.find((b) => b.id === id)!)
        : [...other]
            .filter((b) => b.tags.includes('preferences'))
            .sort((x, y) => (x.createdAt < y.createdAt ? 1 : x.createdAt > y.createdAt ? -1 : 0));
    const input: AssemblyInput = { sessionBlocks, enrichmentBlocks };
    return { input, request };
  });

/** The candidate sets, stated independently of the implementation's ranking code. */
function candidates({ input, request }: { input: AssemblyInput; request: AssemblyRequest }): {
  session: Set<string>;
  enrichment: Set<string>;
} {
  const sel = request.selection;
  const include = sel.includeByTag ?? [];
  const exclude = sel.excludeByTag ?? [];
  const session = new Set(
    (input.sessionBlocks ?? [])
      .filter(
        (b) =>
          (sel.blockIds ?? []).includes(b.id) ||
          ((sel.includePinned ?? true) && b.pinned) ||
          ((include.length === 0 || b.tags.some((t) => include.includes(t))) &&
            !b.tags.some((t) => exclude.includes(t))),
      )
      .map((b) => b.id),
  );
  const pool =
    request.enrichment === 'manual'
      ? input.enrichmentBlocks
      : request.enrichment === 'auto' && request.enrichmentConfig.includePreferences !== false
        ? input.enrichmentBlocks
        : [];
  return { session, enrichment: new Set(pool.map((b) => b.id).filter((id) => !session.has(id))) };
}

describe('selectContext properties', () => {
  it('respects the budget, selects only candidates, accounts for every candidate, and returns blocks chronologically', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const outcome = selectContext(s.input, s.request);
        if (!outcome.ok) throw new Error(`unexpected ${outcome.code} at ${outcome.field}`);
        const { blocks, droppedBlockIds, tokenCount } = outcome.context;
        const budget = Math.min(
          s.request.selection.maxTokens ?? s.request.defaultMaxTokens,
          s.request.defaultMaxTokens,
        );
        const { session, enrichment } = candidates(s);
        const included = blocks.map((b) => b.id);
        const tokens = (ids: string[]) =>
          ids.reduce(
            (n, id) =>
              n + [...(s.input.sessionBlocks ?? []), ...s.input.enrichmentBlocks].find((b) => b.id === id)!.tokenCount,
            0,
          );

        expect(tokenCount).toBe(blocks.reduce((n, b) => n + b.tokenCount, 0));
        expect(tokenCount).toBeLessThanOrEqual(budget);
        const enrichmentTokens = tokens(included.filter((id) => enrichment.has(id)));
        expect(enrichmentTokens).toBeLessThanOrEqual(s.request.enrichmentConfig.maxTokens ?? Number.POSITIVE_INFINITY);

        expect(new Set(included).size).toBe(included.length);
        expect(new Set(droppedBlockIds).size).toBe(droppedBlockIds.length);
        expect(included.filter((id) => droppedBlockIds.includes(id))).toEqual([]);
        expect(new Set([...included, ...droppedBlockIds])).toEqual(new Set([...session, ...enrichment]));

        for (let i = 1; i < blocks.length; i++) expect(blocks[i]!.createdAt >= blocks[i - 1]!.createdAt).toBe(true);

        // Greedy: a dropped block did not fit when its turn came, and room only shrinks.
        const left = budget - tokenCount;
        const enrichmentLeft = (s.request.enrichmentConfig.maxTokens ?? Number.POSITIVE_INFINITY) - enrichmentTokens;
        for (const id of droppedBlockIds) {
          expect(tokens([id])).toBeGreaterThan(enrichment.has(id) ? Math.min(left, enrichmentLeft) : left);
        }
        // Session candidates rank before enrichment candidates.
        const firstEnrichment = droppedBlockIds.findIndex((id) => enrichment.has(id));
        if (firstEnrichment >= 0)
          expect(droppedBlockIds.slice(firstEnrichment).every((id) => enrichment.has(id))).toBe(true);
      }),
      { seed: 20260301, numRuns: 400 },
    );
  });
});
