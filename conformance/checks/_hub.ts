/** Hub resources the checks create and read: sessions, blocks and a tagged context session. */
import type { ProbeResponse } from '../probe/index.ts';
import { PreconditionError, type Fixture, type FixtureContext } from '../types.ts';
import { BLOCKS, describe, isObject, requireData, SESSIONS } from './_http.ts';

export interface SessionData {
  id: string;
  name: string;
  tags: string[];
  blocks: string[];
  pinnedBlocks: string[];
  metrics: Record<string, number>;
  createdAt: string;
  updatedAt: string;
  [k: string]: unknown;
}

export interface BlockData {
  id: string;
  sessionId: string;
  type: string;
  metadata: {
    tokenCount: number;
    tags: string[];
    pinned: boolean;
    importance: number;
    compactionLevel: number;
    path?: string;
  };
  createdAt: string;
  [k: string]: unknown;
}

export async function createSession(
  ctx: FixtureContext,
  purpose: string,
  extra: Record<string, unknown> = {},
): Promise<SessionData> {
  const res = await ctx.send({
    method: 'POST',
    path: SESSIONS,
    json: { name: ctx.unique(purpose), ...extra },
    label: `create session (${purpose})`,
  });
  return requireData(res, `creating a session (${purpose})`, 201) as SessionData;
}

export async function getSession(ctx: FixtureContext, id: string, label = 'read session'): Promise<SessionData> {
  return (await readSession(ctx, id, label)).data;
}

/** The session and the response it came in, for a finding that names the exchange it came from. */
export async function readSession(
  ctx: FixtureContext,
  id: string,
  label = 'read session',
): Promise<{ data: SessionData; res: ProbeResponse }> {
  const res = await ctx.send({ method: 'GET', path: `${SESSIONS}/${encodeURIComponent(id)}`, label });
  return { data: requireData(res, `reading session ${id}`) as SessionData, res };
}

export async function createBlock(
  ctx: FixtureContext,
  body: Record<string, unknown>,
  label = 'create block',
): Promise<BlockData> {
  const res = await ctx.send({ method: 'POST', path: BLOCKS, json: body, label });
  return requireData(res, label, 201) as BlockData;
}

/** Every block of a session via the paginated list (bounded to 50 pages). */
export async function listAllBlocks(
  ctx: FixtureContext,
  sessionId: string,
  query = '',
  limit = 100,
): Promise<BlockData[]> {
  const out: BlockData[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < 50; page++) {
    const q = new URLSearchParams(query);
    q.set('limit', String(limit));
    if (cursor) q.set('cursor', cursor);
    const res = await ctx.send({
      method: 'GET',
      path: `${SESSIONS}/${encodeURIComponent(sessionId)}/blocks?${q.toString()}`,
      label: 'list blocks',
    });
    if (res.status !== 200 || !isObject(res.json) || !Array.isArray(res.json.data) || !isObject(res.json.meta)) {
      throw new PreconditionError(`listing the blocks of ${sessionId} failed (${describe(res)})`);
    }
    out.push(...(res.json.data as BlockData[]));
    const meta = res.json.meta as { hasMore?: unknown; nextCursor?: unknown };
    if (meta.hasMore !== true || typeof meta.nextCursor !== 'string') return out;
    cursor = meta.nextCursor;
  }
  throw new PreconditionError(`the block list of ${sessionId} did not end within 50 pages`);
}

/** Note blocks with distinct tags, sizes and importance: the material of every context-selection check. */
export const CONTEXT_BLOCKS = [
  { name: 'A', tags: ['alpha'], importance: 0.5, repeat: 6 },
  { name: 'B', tags: ['beta'], importance: 0.9, repeat: 10 },
  { name: 'C', tags: ['alpha', 'gamma'], importance: 0.2, repeat: 4 },
  { name: 'P', tags: ['delta'], importance: 0.1, repeat: 3, pinned: true },
  { name: 'D', tags: [], importance: 0.7, repeat: 8 },
  { name: 'E', tags: ['beta', 'gamma'], importance: 0.4, repeat: 5 },
  { name: 'A2', tags: ['dup'], importance: 0.3, repeat: 6, sameContentAs: 'A' },
] as const;

export type ContextBlockName = (typeof CONTEXT_BLOCKS)[number]['name'];

export interface ContextSession {
  session: SessionData;
  /** Blocks by name, as the create answers described them. */
  blocks: Record<ContextBlockName, BlockData>;
  /** Block ids in creation order. */
  order: string[];
  /** Name of each block id. */
  nameOf: Map<string, ContextBlockName>;
}

const contentOf = (name: string, repeat: number) => `Conformance context block ${name}. `.repeat(repeat).trim();

export const contextSession: Fixture<ContextSession> = {
  name: 'context-session',
  async create(ctx) {
    const session = await createSession(ctx, 'context selection', { tags: ['aip-conformance'] });
    const blocks = {} as Record<ContextBlockName, BlockData>;
    const nameOf = new Map<string, ContextBlockName>();
    const order: string[] = [];
    // Sequential on purpose: creation order is what "oldest first" and "newest first" are checked against.
    for (const b of CONTEXT_BLOCKS) {
      const source = 'sameContentAs' in b ? b.sameContentAs : b.name;
      const repeat = CONTEXT_BLOCKS.find((x) => x.name === source)!.repeat;
      const block = await createBlock(
        ctx,
        {
          sessionId: session.id,
          type: 'note',
          content: contentOf(source, repeat),
          tags: [...b.tags],
          importance: b.importance,
          ...('pinned' in b ? { pinned: true } : {}),
        },
        `create context block ${b.name}`,
      );
      blocks[b.name] = block;
      nameOf.set(block.id, b.name);
      order.push(block.id);
    }
    return { session, blocks, order, nameOf };
  },
};

/** Another session of the same caller holding a block tagged `preferences` (enrichment material). */
export const preferenceSession: Fixture<{ session: SessionData; block: BlockData }> = {
  name: 'preference-session',
  async create(ctx) {
    const session = await createSession(ctx, 'enrichment source');
    const block = await createBlock(
      ctx,
      {
        sessionId: session.id,
        type: 'note',
        content: 'Conformance preference: answer in English.',
        tags: ['preferences'],
      },
      'create preference block',
    );
    return { session, block };
  },
};
