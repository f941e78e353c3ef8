import type { AssembledContext, AssemblyRequest, StoredBlock } from '../storage/store.ts';
import { isTagSelected } from '../storage/tag-selection.ts';

/** What context assembly works on, already loaded from the store. */
export interface AssemblyInput {
  /** Every block of the invocation's session, oldest first; null for an ephemeral invocation. */
  sessionBlocks: readonly StoredBlock[] | null;
  /**
   * The enrichment pool. `manual`: the blocks found for `enrichmentConfig.blockIds` (ids not
   * found are absent). `auto`: the owner's preference blocks from other sessions, newest first.
   * Ignored for `none`.
   */
  enrichmentBlocks: readonly StoredBlock[];
}

export type AssemblyOutcome =
  | { ok: true; context: AssembledContext }
  | { ok: false; code: 'block_not_found'; blockId: string; field: string };

/** Why a block is a candidate; lower ranks first. A block with several reasons takes the best one. */
const CandidateClass = { Pinned: 0, Explicit: 1, Selected: 2, Enrichment: 3 } as const;
type CandidateClass = (typeof CandidateClass)[keyof typeof CandidateClass];

interface Candidate {
  block: StoredBlock;
  cls: CandidateClass;
  /** Larger is newer: the session position, or for enrichment the place in oldest-first order. */
  recency: number;
  score: number;
}

/**
 * Context assembly as a pure function (spec §9):
 *
 * 1. Candidates of the session: explicit `blockIds` (each must be a block of the session), blocks
 *    passing the tag rule (see `isTagSelected`), and pinned blocks unless `includePinned` is false.
 *    Explicit ids are never excluded by tag. A block listed twice counts once.
 * 2. Enrichment candidates: `manual` adds `enrichmentConfig.blockIds` (each must have been found),
 *    `auto` adds the preference pool unless `includePreferences` is false. A block that is already
 *    a session candidate is not added again.
 * 3. Ranking: session candidates by class (pinned — only when `includePinned` holds, since the
 *    caller otherwise opted out of pinning —, then explicit, then the rest), then importance
 *    descending, then newest first; then enrichment candidates (see `enrichmentScore`).
 * 4. Greedy fit: walk the ranking and include each block whose tokenCount fits the remaining budget
 *    (`selection.maxTokens`, else `defaultMaxTokens`, never above `defaultMaxTokens`); enrichment blocks must also fit the remaining
 *    `enrichmentConfig.maxTokens`. Every other candidate is dropped, in ranking order.
 * 5. Included blocks are returned chronologically: createdAt ascending; at equal createdAt,
 *    enrichment blocks before session blocks, session blocks in session order, enrichment blocks in
 *    their oldest-first order.
 */
export function selectContext(input: AssemblyInput, request: AssemblyRequest): AssemblyOutcome {
  const { selection } = request;
  const sessionBlocks = input.sessionBlocks ?? [];
  const explicitIds = selection.blockIds ?? [];
  // Nothing to choose from: the common ephemeral invocation (or an empty session) without enrichment.
  if (sessionBlocks.length === 0 && explicitIds.length === 0 && request.enrichment === 'none') {
    return { ok: true, context: { blocks: [], tokenCount: 0, droppedBlockIds: [] } };
  }

  const position = new Map(sessionBlocks.map((b, i) => [b.id, i]));
  const missingExplicit = explicitIds.findIndex((id) => !position.has(id));
  if (missingExplicit >= 0) {
    return {
      ok: false,
      code: 'block_not_found',
      blockId: explicitIds[missingExplicit]!,
      field: `/context/blockIds/${missingExplicit}`,
    };
  }

  const explicit = new Set(explicitIds);
  const includePinned = selection.includePinned ?? true;
  const sessionCandidates: Candidate[] = [];
  sessionBlocks.forEach((block, i) => {
    const cls =
      includePinned && block.pinned
        ? CandidateClass.Pinned
        : explicit.has(block.id)
          ? CandidateClass.Explicit
          : isTagSelected(block.tags, selection.includeByTag, selection.excludeByTag)
            ? CandidateClass.Selected
            : undefined;
    if (cls !== undefined) sessionCandidates.push({ block, cls, recency: i, score: block.importance });
  });

  const pool = enrichmentPool(input, request);
  if (!pool.ok) return pool;
  const taken = new Set(sessionCandidates.map((c) => c.block.id));
  const enrichment = enrichmentCandidates(
    pool.blocks.filter((b) => !taken.has(b.id)),
    request,
  );

  const ranked = [...sessionCandidates.sort(byRank), ...enrichment.sort(byRank)];
  // The agent's max_tokens is both the default budget and its ceiling (AIP-CTX-008).
  let remaining = Math.min(selection.maxTokens ?? request.defaultMaxTokens, request.defaultMaxTokens);
  let enrichmentRemaining = request.enrichmentConfig.maxTokens ?? Number.POSITIVE_INFINITY;
  const included: Candidate[] = [];
  const droppedBlockIds: string[] = [];
  for (const candidate of ranked) {
    const cost = candidate.block.tokenCount;
    const isEnrichment = candidate.cls === CandidateClass.Enrichment;
    if (cost <= remaining && (!isEnrichment || cost <= enrichmentRemaining)) {
      included.push(candidate);
      remaining -= cost;
      if (isEnrichment) enrichmentRemaining -= cost;
    } else {
      droppedBlockIds.push(candidate.block.id);
    }
  }

  const blocks = included.sort(chronologically).map((c) => c.block);
  return {
    ok: true,
    context: { blocks, tokenCount: blocks.reduce((sum, b) => sum + b.tokenCount, 0), droppedBlockIds },
  };
}

function enrichmentPool(
  input: AssemblyInput,
  request: AssemblyRequest,
): { ok: true; blocks: StoredBlock[] } | Extract<AssemblyOutcome, { ok: false }> {
  const config = request.enrichmentConfig;
  switch (request.enrichment) {
    case 'none':
      return { ok: true, blocks: [] };
    case 'auto':
      return { ok: true, blocks: config.includePreferences === false ? [] : unique(input.enrichmentBlocks) };
    case 'manual': {
      const found = new Map(input.enrichmentBlocks.map((b) => [b.id, b]));
      const ids = config.blockIds ?? [];
      const missing = ids.findIndex((id) => !found.has(id));
      if (missing >= 0) {
        return {
          ok: false,
          code: 'block_not_found',
          blockId: ids[missing]!,
          field: `/enrichmentConfig/blockIds/${missing}`,
        };
      }
      return { ok: true, blocks: unique(ids.map((id) => found.get(id)!)) };
    }
  }
}

/**
 * Orders the enrichment pool. Recency is the place in newest-first order (createdAt descending,
 * ties in pool order), scaled to [0, 1]: 1 for the newest, 0 for the oldest, 1 when alone.
 * `manual` ranks like session blocks: importance descending, then newest first.
 * `auto` ranks by score = (1 − recencyBias) · importance + recencyBias · recency, then newest
 * first; recencyBias defaults to 1, i.e. newest first.
 */
function enrichmentCandidates(pool: readonly StoredBlock[], request: AssemblyRequest): Candidate[] {
  const newestFirst = pool
    .map((block, i) => ({ block, i }))
    .sort((a, b) => compareDesc(a.block.createdAt, b.block.createdAt) || a.i - b.i);
  const n = newestFirst.length;
  const bias = request.enrichment === 'auto' ? (request.enrichmentConfig.recencyBias ?? 1) : 0;
  return newestFirst.map(({ block }, i) => {
    const recency = n === 1 ? 1 : (n - 1 - i) / (n - 1);
    return {
      block,
      cls: CandidateClass.Enrichment,
      recency: n - 1 - i,
      score: (1 - bias) * block.importance + bias * recency,
    };
  });
}

function unique(blocks: readonly StoredBlock[]): StoredBlock[] {
  const seen = new Set<string>();
  return blocks.filter((b) => !seen.has(b.id) && seen.add(b.id));
}

function byRank(a: Candidate, b: Candidate): number {
  return a.cls - b.cls || b.score - a.score || b.recency - a.recency;
}

function chronologically(a: Candidate, b: Candidate): number {
  const groupA = a.cls === CandidateClass.Enrichment ? 0 : 1;
  const groupB = b.cls === CandidateClass.Enrichment ? 0 : 1;
  return compareDesc(b.block.createdAt, a.block.createdAt) || groupA - groupB || a.recency - b.recency;
}

function compareDesc(a: string, b: string): number {
  return a < b ? 1 : a > b ? -1 : 0;
}
