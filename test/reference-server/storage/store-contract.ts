/**
 * Behaviour every Store implementation must show, written once and run against each backend
 * (see sqlite-store.test.ts). Each test gets a fresh, empty store.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import {
  InvalidCursorError,
  type ForkSelection,
  type InvocationRecord,
  type NewBlock,
  type Store,
  type StoredBlock,
} from '../../../reference-server/storage/store.ts';
import { countTokens } from '../../../reference-server/storage/tokens.ts';

interface ForkFixture {
  blocks: Array<{ name: string; tags: string[]; pinned: boolean }>;
  cases: Array<{ title: string; selection: ForkSelection; expected: string[] }>;
}
const forkFixture = JSON.parse(
  readFileSync(new URL('./fixtures/fork-selection.json', import.meta.url), 'utf8'),
) as ForkFixture;

const ISO_UTC = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;
const ALICE = 'owner-alice';
const BOB = 'owner-bob';

export function note(text: string, extra: Partial<NewBlock> = {}): NewBlock {
  return { type: 'note', content: text, ...extra };
}

let invocationCounter = 0;
export function invocation(
  sessionId: string | null,
  extra: Partial<InvocationRecord> = {},
): Omit<InvocationRecord, 'blocksCreated'> {
  invocationCounter += 1;
  return {
    id: `inv_contract${invocationCounter}`,
    agent: 'echo',
    sessionId,
    status: 'completed',
    output: 'done',
    usage: { contextTokens: 3, inputTokens: 5, outputTokens: 1 },
    createdAt: '2026-01-02T03:04:05.678Z',
    ...extra,
  };
}

async function collectPages<T>(
  fetch: (cursor?: string) => Promise<{ items: T[]; nextCursor?: string }>,
): Promise<T[][]> {
  const pages: T[][] = [];
  let cursor: string | undefined;
  do {
    const page = await fetch(cursor);
    pages.push(page.items);
    cursor = page.nextCursor;
  } while (cursor !== undefined);
  return pages;
}

export function storeContract(label: string, openStore: () => Store): void {
  describe(`Store contract: ${label}`, () => {
    let store: Store;
    beforeEach(() => {
      store = openStore();
    });
    afterEach(async () => {
      await store.close();
    });

    describe('sessions', () => {
      it('creates a session with defaults and reads it back', async () => {
        const created = await store.createSession(ALICE, { name: 'Auth work' });
        expect(created.id).toMatch(/^sess_[A-Za-z0-9_-]{16,64}$/);
        expect(created).toMatchObject({
          name: 'Auth work',
          tags: [],
          compactionCount: 0,
          invocationCount: 0,
          totalTokens: 0,
          blockCount: 0,
          blockIds: [],
          pinnedBlockIds: [],
        });
        expect(created.defaultAgent).toBeUndefined();
        expect(created.forkedFrom).toBeUndefined();
        expect(created.createdAt).toMatch(ISO_UTC);
        expect(created.updatedAt).toBe(created.createdAt);
        expect(await store.getSession(ALICE, created.id)).toEqual(created);
      });

      it('keeps defaultAgent and tags as given', async () => {
        const created = await store.createSession(ALICE, {
          name: 'x',
          defaultAgent: 'code-assistant',
          tags: ['b', 'a', 'b'],
        });
        expect(await store.getSession(ALICE, created.id)).toMatchObject({
          defaultAgent: 'code-assistant',
          tags: ['b', 'a', 'b'],
        });
      });

      it('returns undefined for an unknown session', async () => {
        expect(await store.getSession(ALICE, 'sess_doesnotexist000000')).toBeUndefined();
      });

      it('pages 45 sessions by 20 into 3 pages, most recently updated first, without gaps or duplicates', async () => {
        const ids: string[] = [];
        for (let i = 0; i < 45; i++) ids.push((await store.createSession(ALICE, { name: `s${i}` })).id);
        const pages = await collectPages((cursor) =>
          store.listSessions(ALICE, { limit: 20, ...(cursor ? { cursor } : {}) }),
        );
        expect(pages.map((p) => p.length)).toEqual([20, 20, 5]);
        expect(pages.flat().map((s) => s.id)).toEqual([...ids].reverse());
      });

      it('moves a session to the front of the list when it changes', async () => {
        const first = await store.createSession(ALICE, { name: 'first' });
        const second = await store.createSession(ALICE, { name: 'second' });
        await store.addBlocks(ALICE, first.id, [note('hello')]);
        const page = await store.listSessions(ALICE, { limit: 10 });
        expect(page.items.map((s) => s.id)).toEqual([first.id, second.id]);
        expect(page.nextCursor).toBeUndefined();
      });

      it('filters the list by tag, across pages', async () => {
        const tagged: string[] = [];
        for (let i = 0; i < 7; i++) {
          const s = await store.createSession(ALICE, { name: `s${i}`, tags: i % 2 === 0 ? ['auth', 'x'] : ['ui'] });
          if (i % 2 === 0) tagged.push(s.id);
        }
        const pages = await collectPages((cursor) =>
          store.listSessions(ALICE, { limit: 3, tag: 'auth', ...(cursor ? { cursor } : {}) }),
        );
        expect(pages.map((p) => p.length)).toEqual([3, 1]);
        expect(pages.flat().map((s) => s.id)).toEqual([...tagged].reverse());
        expect((await store.listSessions(ALICE, { limit: 10, tag: 'Auth' })).items).toEqual([]);
      });

      it('lists sessions with their metrics', async () => {
        const s = await store.createSession(ALICE, { name: 'm' });
        await store.addBlocks(ALICE, s.id, [note('abcdefgh'), note('x', { pinned: true })]);
        const [listed] = (await store.listSessions(ALICE, { limit: 1 })).items;
        expect(listed).toEqual(await store.getSession(ALICE, s.id));
        expect(listed).toMatchObject({ totalTokens: 3, blockCount: 2 });
      });
    });

    describe('cursors', () => {
      it('rejects undecodable cursors', async () => {
        const s = await store.createSession(ALICE, { name: 's' });
        for (const cursor of [
          '',
          'garbage',
          '!!!',
          'a.b.c',
          Buffer.from('10').toString('base64url'),
          Buffer.alloc(36).toString('base64url'),
        ]) {
          await expect(store.listSessions(ALICE, { limit: 5, cursor }), cursor).rejects.toBeInstanceOf(
            InvalidCursorError,
          );
          await expect(store.listBlocks(ALICE, s.id, { limit: 5, cursor }), cursor).rejects.toBeInstanceOf(
            InvalidCursorError,
          );
        }
      });

      it('rejects cursors issued to another owner, for another list, or altered', async () => {
        for (let i = 0; i < 3; i++) await store.createSession(ALICE, { name: `s${i}`, tags: ['t'] });
        const s = await store.createSession(ALICE, { name: 'with blocks', tags: ['t'] });
        await store.addBlocks(ALICE, s.id, [note('1'), note('2'), note('3')]);
        const sessionCursor = (await store.listSessions(ALICE, { limit: 1 })).nextCursor!;
        const taggedCursor = (await store.listSessions(ALICE, { limit: 1, tag: 't' })).nextCursor!;
        const blockCursor = (await store.listBlocks(ALICE, s.id, { limit: 1 }))!.nextCursor!;
        expect(await store.listSessions(ALICE, { limit: 1, cursor: sessionCursor })).toBeDefined();

        await expect(store.listSessions(BOB, { limit: 1, cursor: sessionCursor })).rejects.toBeInstanceOf(
          InvalidCursorError,
        );
        await expect(store.listSessions(ALICE, { limit: 1, cursor: taggedCursor })).rejects.toBeInstanceOf(
          InvalidCursorError,
        );
        await expect(store.listSessions(ALICE, { limit: 1, cursor: blockCursor })).rejects.toBeInstanceOf(
          InvalidCursorError,
        );
        await expect(store.listBlocks(ALICE, s.id, { limit: 1, cursor: sessionCursor })).rejects.toBeInstanceOf(
          InvalidCursorError,
        );
        await expect(
          store.listBlocks(ALICE, s.id, { limit: 1, type: 'note', cursor: blockCursor }),
        ).rejects.toBeInstanceOf(InvalidCursorError);

        const bytes = Buffer.from(sessionCursor, 'base64url');
        bytes[14]! ^= 1;
        const altered = bytes.toString('base64url');
        await expect(store.listSessions(ALICE, { limit: 1, cursor: altered })).rejects.toBeInstanceOf(
          InvalidCursorError,
        );
        await expect(store.listSessions(ALICE, { limit: 1, cursor: `${sessionCursor}A` })).rejects.toBeInstanceOf(
          InvalidCursorError,
        );
      });
    });

    describe('blocks', () => {
      it('appends blocks in order with store-computed metadata', async () => {
        const s = await store.createSession(ALICE, { name: 's' });
        const content = [{ role: 'user', content: 'héllo' }];
        const added = (await store.addBlocks(ALICE, s.id, [
          note('first'),
          { type: 'conversation', content, tags: ['chat'], importance: 0.2 },
          note('pinned', { pinned: true }),
        ]))!;
        expect(added.map((b) => b.content)).toEqual(['first', content, 'pinned']);
        expect(new Set(added.map((b) => b.id)).size).toBe(3);
        for (const b of added) {
          expect(b.id).toMatch(/^blk_[A-Za-z0-9_-]{16,64}$/);
          expect(b.sessionId).toBe(s.id);
          expect(b.createdAt).toMatch(ISO_UTC);
          expect(b.compactionLevel).toBe(0);
          expect(b.tokenCount).toBe(countTokens(b.content));
        }
        expect(added.map((b) => [b.tags, b.pinned, b.importance])).toEqual([
          [[], false, 0.5],
          [['chat'], false, 0.2],
          [[], true, 0.9],
        ]);
        expect(await store.getSessionBlocks(ALICE, s.id)).toEqual(added);
      });

      it('keeps blocks oldest first across calls and updates the session', async () => {
        const s = await store.createSession(ALICE, { name: 's' });
        const first = (await store.addBlocks(ALICE, s.id, [note('1'), note('2')]))!;
        const second = (await store.addBlocks(ALICE, s.id, [note('3', { pinned: true })]))!;
        const ids = [...first, ...second].map((b) => b.id);
        expect((await store.getSessionBlocks(ALICE, s.id))!.map((b) => b.id)).toEqual(ids);
        const after = (await store.getSession(ALICE, s.id))!;
        expect(after).toMatchObject({
          blockIds: ids,
          pinnedBlockIds: [ids[2]],
          blockCount: 3,
          totalTokens: 3,
          compactionCount: 0,
        });
        expect(after.updatedAt >= s.updatedAt).toBe(true);
      });

      it('computes totalTokens as the sum of tokenCount', async () => {
        const s = await store.createSession(ALICE, { name: 's' });
        const added = (await store.addBlocks(ALICE, s.id, [
          note('x'.repeat(17)),
          { type: 'file', content: { path: 'a.ts', content: 'export {}' } },
          { type: 'tool_result', content: { tool: 't', input: {}, output: [1, 2] } },
        ]))!;
        expect(added.map((b) => b.tokenCount)).toEqual([
          5,
          countTokens({ path: 'a.ts', content: 'export {}' }),
          countTokens({ tool: 't', input: {}, output: [1, 2] }),
        ]);
        expect((await store.getSession(ALICE, s.id))!.totalTokens).toBe(added.reduce((n, b) => n + b.tokenCount, 0));
      });

      it('returns undefined for an unknown session and writes nothing', async () => {
        expect(await store.addBlocks(ALICE, 'sess_unknown0000000000', [note('x')])).toBeUndefined();
        expect(await store.getSessionBlocks(ALICE, 'sess_unknown0000000000')).toBeUndefined();
        expect(await store.listBlocks(ALICE, 'sess_unknown0000000000', { limit: 5 })).toBeUndefined();
      });

      it('returns blocks by id in the order asked, leaving out unknown and foreign ids', async () => {
        const a = await store.createSession(ALICE, { name: 'a' });
        const b = await store.createSession(ALICE, { name: 'b' });
        const bob = await store.createSession(BOB, { name: 'bob' });
        const [a1, a2] = (await store.addBlocks(ALICE, a.id, [note('a1'), note('a2')]))!;
        const [b1] = (await store.addBlocks(ALICE, b.id, [note('b1')]))!;
        const [x1] = (await store.addBlocks(BOB, bob.id, [note('x1')]))!;
        const got = await store.getBlocksByIds(ALICE, [b1!.id, 'blk_unknown0000000000', a2!.id, x1!.id, a1!.id]);
        expect(got.map((blk) => blk.content)).toEqual(['b1', 'a2', 'a1']);
        expect(await store.getBlocksByIds(ALICE, [])).toEqual([]);
      });

      it('lists blocks oldest first with type, tag and pinned filters and pagination', async () => {
        const s = await store.createSession(ALICE, { name: 's' });
        const all: StoredBlock[] = [];
        for (let i = 0; i < 25; i++) {
          all.push(
            ...(await store.addBlocks(ALICE, s.id, [
              i % 3 === 0
                ? { type: 'event', content: { name: `e${i}` }, tags: ['deploy'], pinned: i % 2 === 0 }
                : note(`n${i}`, { tags: i % 2 === 0 ? ['x', 'deploy'] : ['x'], pinned: i === 7 }),
            ]))!,
          );
        }
        const list = (query: { type?: 'event' | 'note'; tag?: string; pinned?: boolean }) =>
          collectPages((cursor) =>
            store.listBlocks(ALICE, s.id, { limit: 10, ...query, ...(cursor ? { cursor } : {}) }).then((p) => p!),
          );

        const pages = await list({});
        expect(pages.map((p) => p.length)).toEqual([10, 10, 5]);
        expect(pages.flat()).toEqual(all);

        const cases: Array<[{ type?: 'event' | 'note'; tag?: string; pinned?: boolean }, (b: StoredBlock) => boolean]> =
          [
            [{ type: 'event' }, (b) => b.type === 'event'],
            [{ tag: 'deploy' }, (b) => b.tags.includes('deploy')],
            [{ pinned: true }, (b) => b.pinned],
            [{ pinned: false }, (b) => !b.pinned],
            [{ type: 'note', tag: 'deploy' }, (b) => b.type === 'note' && b.tags.includes('deploy')],
            [{ type: 'event', pinned: true }, (b) => b.type === 'event' && b.pinned],
            [{ tag: 'absent' }, () => false],
          ];
        for (const [query, keep] of cases) {
          expect(
            (await list(query)).flat().map((b) => b.id),
            JSON.stringify(query),
          ).toEqual(all.filter(keep).map((b) => b.id));
        }
      });

      it('finds tagged blocks of the owner newest first, excluding one session', async () => {
        const a = await store.createSession(ALICE, { name: 'a' });
        const b = await store.createSession(ALICE, { name: 'b' });
        const bob = await store.createSession(BOB, { name: 'bob' });
        const [a1] = (await store.addBlocks(ALICE, a.id, [note('a1', { tags: ['preferences'] })]))!;
        const [b1, , b3] = (await store.addBlocks(ALICE, b.id, [
          note('b1', { tags: ['preferences'] }),
          note('b2'),
          note('b3', { tags: ['x', 'preferences'] }),
        ]))!;
        await store.addBlocks(BOB, bob.id, [note('x1', { tags: ['preferences'] })]);
        expect((await store.findBlocksByTag(ALICE, 'preferences', null)).map((blk) => blk.id)).toEqual([
          b3!.id,
          b1!.id,
          a1!.id,
        ]);
        expect((await store.findBlocksByTag(ALICE, 'preferences', b.id)).map((blk) => blk.id)).toEqual([a1!.id]);
        expect(await store.findBlocksByTag(ALICE, 'none', null)).toEqual([]);
      });
    });

    describe('fork', () => {
      it.each(forkFixture.cases)('$title', async ({ selection, expected }) => {
        const source = await store.createSession(ALICE, { name: 'Source', tags: ['proj'], defaultAgent: 'echo' });
        const blocks = (await store.addBlocks(
          ALICE,
          source.id,
          forkFixture.blocks.map((b) => note(b.name, { tags: b.tags, pinned: b.pinned })),
        ))!;
        const fork = (await store.forkSession(ALICE, source.id, selection))!;
        const copied = (await store.getSessionBlocks(ALICE, fork.id))!;

        expect(copied.map((b) => b.content)).toEqual(expected);
        expect(fork).toMatchObject({
          name: 'Source (fork)',
          tags: ['proj'],
          defaultAgent: 'echo',
          forkedFrom: source.id,
          invocationCount: 0,
        });
        expect(fork.blockIds).toEqual(copied.map((b) => b.id));
        for (const copy of copied) {
          const original = blocks.find((b) => b.content === copy.content)!;
          expect(copy.id).not.toBe(original.id);
          expect({ ...copy, id: original.id, sessionId: original.sessionId }).toEqual(original);
          expect(copy.sessionId).toBe(fork.id);
        }
        expect((await store.getSession(ALICE, source.id))!.blockIds).toEqual(blocks.map((b) => b.id));
      });

      it('uses the given name and counts the copied tokens', async () => {
        const source = await store.createSession(ALICE, { name: 'Source' });
        await store.addBlocks(ALICE, source.id, [note('abcd', { tags: ['k'] }), note('abcdefgh')]);
        const fork = (await store.forkSession(ALICE, source.id, { name: 'Mine', includeByTag: ['k'] }))!;
        expect(fork).toMatchObject({ name: 'Mine', blockCount: 1, totalTokens: 1, tags: [] });
        expect(fork.defaultAgent).toBeUndefined();
        expect((await store.listSessions(ALICE, { limit: 1 })).items[0]!.id).toBe(fork.id);
      });

      it('returns undefined for an unknown source', async () => {
        expect(await store.forkSession(ALICE, 'sess_unknown0000000000', {})).toBeUndefined();
        expect((await store.listSessions(ALICE, { limit: 5 })).items).toEqual([]);
      });
    });

    describe('invocations', () => {
      it('records an invocation with blocks atomically and bumps invocationCount', async () => {
        const s = await store.createSession(ALICE, { name: 's' });
        const record = invocation(s.id);
        const stored = await store.recordInvocation(ALICE, record, [
          { type: 'conversation', content: [{ role: 'user', content: 'hi' }] },
          { type: 'conversation', content: [{ role: 'assistant', content: 'hi' }] },
        ]);
        expect(stored).toEqual({ ...record, blocksCreated: stored.blocksCreated });
        expect(stored.blocksCreated).toHaveLength(2);
        const session = (await store.getSession(ALICE, s.id))!;
        expect(session.blockIds).toEqual(stored.blocksCreated);
        expect(session.invocationCount).toBe(1);
        expect(await store.getInvocation(ALICE, record.id)).toEqual(stored);
      });

      it('records an invocation without blocks', async () => {
        const s = await store.createSession(ALICE, { name: 's' });
        const record = invocation(s.id, { status: 'failed', output: 'partial', errorCode: 'agent_error' });
        const stored = await store.recordInvocation(ALICE, record, []);
        expect(stored.blocksCreated).toEqual([]);
        expect(await store.getSession(ALICE, s.id)).toMatchObject({ invocationCount: 1, blockCount: 0 });
        expect(await store.getInvocation(ALICE, record.id)).toEqual({ ...record, blocksCreated: [] });
      });

      it('records an ephemeral invocation without touching any session', async () => {
        const s = await store.createSession(ALICE, { name: 's' });
        const record = invocation(null);
        expect(await store.recordInvocation(ALICE, record, [])).toEqual({ ...record, blocksCreated: [] });
        expect(await store.getInvocation(ALICE, record.id)).toEqual({ ...record, blocksCreated: [] });
        expect(await store.getSession(ALICE, s.id)).toEqual(s);
        await expect(store.recordInvocation(ALICE, invocation(null), [note('x')])).rejects.toThrow();
      });

      it('refuses to record against a session it cannot see, writing nothing', async () => {
        const record = invocation('sess_unknown0000000000');
        await expect(store.recordInvocation(ALICE, record, [note('x')])).rejects.toThrow();
        expect(await store.getInvocation(ALICE, record.id)).toBeUndefined();
      });
    });

    describe('owner isolation', () => {
      it('hides every record of one owner from another', async () => {
        const s = await store.createSession(ALICE, { name: 'secret', tags: ['t'] });
        const [blk] = (await store.addBlocks(ALICE, s.id, [note('x', { tags: ['preferences'], pinned: true })]))!;
        const inv = await store.recordInvocation(ALICE, invocation(s.id), []);
        const before = await store.getSession(ALICE, s.id);

        expect(await store.getSession(BOB, s.id)).toBeUndefined();
        expect((await store.listSessions(BOB, { limit: 100 })).items).toEqual([]);
        expect((await store.listSessions(BOB, { limit: 100, tag: 't' })).items).toEqual([]);
        expect(await store.forkSession(BOB, s.id, {})).toBeUndefined();
        expect(await store.addBlocks(BOB, s.id, [note('intrusion')])).toBeUndefined();
        expect(await store.getSessionBlocks(BOB, s.id)).toBeUndefined();
        expect(await store.getBlocksByIds(BOB, [blk!.id])).toEqual([]);
        expect(await store.listBlocks(BOB, s.id, { limit: 10 })).toBeUndefined();
        expect(await store.findBlocksByTag(BOB, 'preferences', null)).toEqual([]);
        await expect(store.recordInvocation(BOB, invocation(s.id), [])).rejects.toThrow();
        expect(await store.getInvocation(BOB, inv.id)).toBeUndefined();

        expect(await store.getSession(ALICE, s.id)).toEqual(before);
        expect((await store.listSessions(ALICE, { limit: 100 })).items).toHaveLength(1);
      });

      it("does not show a fork to anyone but the source's owner", async () => {
        const s = await store.createSession(ALICE, { name: 's' });
        const fork = (await store.forkSession(ALICE, s.id, {}))!;
        expect(await store.getSession(BOB, fork.id)).toBeUndefined();
        expect(await store.forkSession(BOB, fork.id, {})).toBeUndefined();
      });
    });

    describe('concurrency', () => {
      it('loses nothing under 50 concurrent writes to one session', async () => {
        const s = await store.createSession(ALICE, { name: 's' });
        const writes = Array.from({ length: 50 }, (_, i) =>
          i % 2 === 0
            ? store
                .addBlocks(ALICE, s.id, [note(`w${i}.0`), note(`w${i}.1`)])
                .then((blocks) => blocks!.map((b) => b.id))
            : store
                .recordInvocation(ALICE, invocation(s.id), [note(`w${i}.0`), note(`w${i}.1`)])
                .then((r) => r.blocksCreated),
        );
        const perWrite = await Promise.all(writes);
        const stored = (await store.getSessionBlocks(ALICE, s.id))!;
        const order = new Map(stored.map((b, i) => [b.id, i]));

        expect(stored).toHaveLength(100);
        expect(new Set(stored.map((b) => b.id)).size).toBe(100);
        for (const [first, second] of perWrite) expect(order.get(second!)).toBe(order.get(first!)! + 1);
        expect(await store.getSession(ALICE, s.id)).toMatchObject({ blockCount: 100, invocationCount: 25 });
      });
    });
  });
}
