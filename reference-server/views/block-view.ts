import type { Block, BlockMetadata, BlockSummary } from '../../src/index.ts';
import type { StoredBlock } from '../storage/store.ts';

export function blockView(b: StoredBlock): Block {
  return {
    id: b.id,
    sessionId: b.sessionId,
    type: b.type,
    content: b.content,
    metadata: metadataOf(b),
    createdAt: b.createdAt,
  };
}

export function blockSummaryView(b: StoredBlock): BlockSummary {
  return { id: b.id, type: b.type, metadata: metadataOf(b), createdAt: b.createdAt };
}

function metadataOf(b: StoredBlock): BlockMetadata {
  const metadata: BlockMetadata = {
    tokenCount: b.tokenCount,
    tags: b.tags,
    pinned: b.pinned,
    importance: b.importance,
    compactionLevel: b.compactionLevel,
  };
  const path =
    (b.type === 'file' || b.type === 'diff') && typeof b.content === 'object' && b.content !== null
      ? (b.content as { path?: unknown }).path
      : undefined;
  if (typeof path === 'string') metadata.path = path;
  return metadata;
}
