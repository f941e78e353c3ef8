import type { AssemblyRequest, Store, StoredBlock } from '../storage/store.ts';
import { selectContext, type AssemblyOutcome } from './select-context.ts';

export type { AssemblyOutcome } from './select-context.ts';

/** The tag whose blocks `auto` enrichment draws from other sessions. */
export const PREFERENCES_TAG = 'preferences';

/**
 * Loads what context assembly needs for `owner` and applies `selectContext`. `sessionId` must
 * name a session visible to `owner` (routes answer session_not_found before calling this), or be
 * null for an ephemeral invocation.
 */
export async function assembleContext(
  store: Store,
  owner: string,
  sessionId: string | null,
  request: AssemblyRequest,
): Promise<AssemblyOutcome> {
  let sessionBlocks: StoredBlock[] | null = null;
  if (sessionId !== null) {
    const blocks = await store.getSessionBlocks(owner, sessionId);
    if (blocks === undefined) throw new Error(`session ${sessionId} is not visible to this owner`);
    sessionBlocks = blocks;
  }
  return selectContext(
    { sessionBlocks, enrichmentBlocks: await enrichmentPool(store, owner, sessionId, request) },
    request,
  );
}

async function enrichmentPool(
  store: Store,
  owner: string,
  sessionId: string | null,
  request: AssemblyRequest,
): Promise<StoredBlock[]> {
  const config = request.enrichmentConfig;
  switch (request.enrichment) {
    case 'none':
      return [];
    case 'manual':
      return config.blockIds?.length ? store.getBlocksByIds(owner, config.blockIds) : [];
    case 'auto':
      return config.includePreferences === false ? [] : store.findBlocksByTag(owner, PREFERENCES_TAG, sessionId);
  }
}
