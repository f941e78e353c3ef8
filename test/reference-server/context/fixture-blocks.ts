import type { AssemblyRequest, StoredBlock } from '../../../reference-server/storage/store.ts';

/** A block as fixtures write it: only what assembly looks at, the rest defaulted below. */
export interface FixtureBlock {
  id: string;
  tokenCount: number;
  createdAt: string;
  tags?: string[];
  pinned?: boolean;
  importance?: number;
  sessionId?: string;
}

export const CURRENT_SESSION = 'sess_current';

export function toStoredBlock(b: FixtureBlock): StoredBlock {
  return {
    id: b.id,
    sessionId: b.sessionId ?? CURRENT_SESSION,
    type: 'note',
    content: b.id,
    tags: b.tags ?? [],
    pinned: b.pinned ?? false,
    importance: b.importance ?? 0.5,
    tokenCount: b.tokenCount,
    compactionLevel: 0,
    createdAt: b.createdAt,
  };
}

export function toRequest(r: Partial<AssemblyRequest>): AssemblyRequest {
  return {
    selection: r.selection ?? {},
    enrichment: r.enrichment ?? 'none',
    enrichmentConfig: r.enrichmentConfig ?? {},
    defaultMaxTokens: r.defaultMaxTokens ?? 1000,
  };
}
