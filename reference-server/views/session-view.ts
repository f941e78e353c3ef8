import type { Session, SessionSummary } from '../../src/index.ts';
import type { StoredSession } from '../storage/store.ts';

/** The capacity the reference hub gives every session, in tokens. */
export const SESSION_CAPACITY_TOKENS = 200_000;

export function sessionView(s: StoredSession): Session {
  const session: Session = {
    id: s.id,
    name: s.name,
    tags: s.tags,
    metrics: {
      totalTokens: s.totalTokens,
      maxTokens: SESSION_CAPACITY_TOKENS,
      tokensRemainingPct: remainingPct(s.totalTokens),
      compactionCount: s.compactionCount,
      blockCount: s.blockCount,
      invocationCount: s.invocationCount,
    },
    blocks: s.blockIds,
    pinnedBlocks: s.pinnedBlockIds,
    createdAt: s.createdAt,
    updatedAt: s.updatedAt,
  };
  if (s.defaultAgent !== undefined) session.defaultAgent = s.defaultAgent;
  if (s.forkedFrom !== undefined) session.forkedFrom = s.forkedFrom;
  return session;
}

export function sessionSummaryView(s: StoredSession): SessionSummary {
  return {
    id: s.id,
    name: s.name,
    tags: s.tags,
    metrics: { totalTokens: s.totalTokens, blockCount: s.blockCount },
    updatedAt: s.updatedAt,
  };
}

/** Percentage of capacity left, two decimals, never below 0. */
function remainingPct(totalTokens: number): number {
  const pct = ((SESSION_CAPACITY_TOKENS - totalTokens) / SESSION_CAPACITY_TOKENS) * 100;
  return Math.max(0, Math.round(pct * 100) / 100);
}
