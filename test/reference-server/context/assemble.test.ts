import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { assembleContext } from '../../../reference-server/context/assemble.ts';
import { openSqliteStore } from '../../../reference-server/storage/sqlite-store.ts';
import type { Store } from '../../../reference-server/storage/store.ts';
import { toRequest } from './fixture-blocks.ts';

const ALICE = 'owner-alice';
const BOB = 'owner-bob';

/** assembleContext against a real store: what it loads, for whom, and how it reports unknown ids. */
describe('assembleContext', () => {
  let store: Store;
  let current: string;
  let other: string;
  let ids: Record<string, string>;

  beforeEach(async () => {
    store = openSqliteStore(':memory:');
    current = (await store.createSession(ALICE, { name: 'current' })).id;
    other = (await store.createSession(ALICE, { name: 'other' })).id;
    const bobs = (await store.createSession(BOB, { name: 'bob' })).id;
    const [c1, c2] = (await store.addBlocks(ALICE, current, [
      { type: 'note', content: 'current one', tags: ['preferences'] },
      { type: 'note', content: 'current two' },
    ]))!;
    const [o1, o2] = (await store.addBlocks(ALICE, other, [
      { type: 'note', content: 'likes tabs', tags: ['preferences'] },
      { type: 'note', content: 'unrelated' },
    ]))!;
    const [b1] = (await store.addBlocks(BOB, bobs, [
      { type: 'note', content: 'bob likes spaces', tags: ['preferences'] },
    ]))!;
    ids = { c1: c1!.id, c2: c2!.id, o1: o1!.id, o2: o2!.id, b1: b1!.id };
  });
  afterEach(async () => {
    await store.close();
  });

  const contextIds = async (owner: string, sessionId: string | null, request: Parameters<typeof toRequest>[0]) => {
    const outcome = await assembleContext(store, owner, sessionId, toRequest(request));
    if (!outcome.ok) throw new Error(`unexpected ${outcome.code} at ${outcome.field}`);
    // Blocks written within one millisecond tie on createdAt across sessions; order is covered by the fixtures.
    return new Set(outcome.context.blocks.map((b) => b.id));
  };

  it('gives the whole session by default, oldest first, with its token total', async () => {
    const outcome = await assembleContext(store, ALICE, current, toRequest({}));
    expect(outcome).toEqual({
      ok: true,
      context: { blocks: (await store.getSessionBlocks(ALICE, current))!, tokenCount: 6, droppedBlockIds: [] },
    });
  });

  it("auto enrichment adds only the owner's preferences from other sessions", async () => {
    expect(await contextIds(ALICE, current, { enrichment: 'auto' })).toEqual(new Set([ids.c1, ids.c2, ids.o1]));
    expect(await contextIds(ALICE, null, { enrichment: 'auto' })).toEqual(new Set([ids.c1, ids.o1]));
    expect(await contextIds(BOB, null, { enrichment: 'auto' })).toEqual(new Set([ids.b1]));
    expect(
      await contextIds(ALICE, current, { enrichment: 'auto', enrichmentConfig: { includePreferences: false } }),
    ).toEqual(new Set([ids.c1, ids.c2]));
  });

  it("manual enrichment takes the owner's blocks from any session", async () => {
    expect(
      await contextIds(ALICE, current, {
        selection: { blockIds: [ids.c2!], includeByTag: ['none'] },
        enrichment: 'manual',
        enrichmentConfig: { blockIds: [ids.o2!] },
      }),
    ).toEqual(new Set([ids.c2, ids.o2]));
  });

  it("reports another owner's or an unknown block as block_not_found with its pointer", async () => {
    expect(
      await assembleContext(
        store,
        ALICE,
        current,
        toRequest({ enrichment: 'manual', enrichmentConfig: { blockIds: [ids.o1!, ids.b1!] } }),
      ),
    ).toEqual({ ok: false, code: 'block_not_found', blockId: ids.b1, field: '/enrichmentConfig/blockIds/1' });
    expect(
      await assembleContext(store, ALICE, current, toRequest({ selection: { blockIds: [ids.c1!, ids.o1!] } })),
    ).toEqual({ ok: false, code: 'block_not_found', blockId: ids.o1, field: '/context/blockIds/1' });
    expect(
      await assembleContext(
        store,
        BOB,
        null,
        toRequest({ enrichment: 'manual', enrichmentConfig: { blockIds: [ids.c1!] } }),
      ),
    ).toEqual({ ok: false, code: 'block_not_found', blockId: ids.c1, field: '/enrichmentConfig/blockIds/0' });
  });

  it('refuses a session the owner cannot see', async () => {
    await expect(assembleContext(store, BOB, current, toRequest({}))).rejects.toThrow(/not visible/);
  });
});
