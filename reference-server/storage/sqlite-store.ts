import { randomBytes } from 'node:crypto';
import type { BlockType } from '../../src/index.ts';
import { createCursorCodec } from './cursor.ts';
import { newId } from './ids.ts';
import { migrate } from './migrations.ts';
import type {
  BlockListQuery,
  ForkSelection,
  InvocationRecord,
  NewBlock,
  NewSession,
  Page,
  SessionListQuery,
  Store,
  StoredBlock,
  StoredSession,
} from './store.ts';
import { preparer, type SqlConnection, transaction } from './sql.ts';
import { type SqliteDriver, sqliteDriver } from './sqlite-drivers.ts';
import { selectForFork } from './tag-selection.ts';
import { countTokens } from './tokens.ts';

/**
 * Importance of a block written without one. The reference does not analyse content, so the
 * rule is fixed and deterministic: a pinned block was marked important by its author (0.9),
 * any other block sits in the middle of the scale (0.5).
 */
export function defaultImportance(pinned: boolean): number {
  return pinned ? 0.9 : 0.5;
}

type SessionRow = {
  id: string;
  owner: string;
  name: string;
  default_agent: string | null;
  tags: string;
  forked_from: string | null;
  invocation_count: number;
  created_at: string;
  updated_at: string;
  update_seq: number;
};

type BlockRow = {
  seq: number;
  id: string;
  owner: string;
  session_id: string;
  type: BlockType;
  content: string;
  tags: string;
  pinned: 0 | 1;
  importance: number;
  token_count: number;
  compaction_level: number;
  created_at: string;
};

type InvocationRow = {
  id: string;
  owner: string;
  agent: string;
  session_id: string | null;
  status: InvocationRecord['status'];
  output: string;
  context_tokens: number;
  input_tokens: number;
  output_tokens: number;
  blocks_created: string;
  error_code: string | null;
  created_at: string;
};

type NewBlockRow = Omit<BlockRow, 'seq'>;

function defaultAgentOf(agent: string | null): { defaultAgent?: string } {
  return agent === null ? {} : { defaultAgent: agent };
}

/** How long a writer waits for another connection's lock before failing with SQLITE_BUSY. */
const BUSY_TIMEOUT_MS = 5000;

/**
 * Opens the database at `path` with `driver` (the preferred one that loads when not given), sets
 * it up as the store needs it, and brings its schema up to date. Both drivers get the same
 * pragmas, so durability does not depend on the Node.js line:
 * - `busy_timeout`: several processes may share one file; a writer waits for the lock instead
 *   of failing at once.
 * - `journal_mode = WAL`: readers never block the writer and a commit appends to one file.
 * - `synchronous = NORMAL`: in WAL mode a commit is in the OS page cache before the call returns,
 *   so an acknowledged write survives `kill -9` of the server (the durability the reference hub
 *   promises; the SIGKILL test proves it for each driver). It can lose the last commits on an OS
 *   crash or power loss, which FULL would prevent at one fsync per write transaction: measured on
 *   the development VM (ext4, virtio disk), ~160 single-block commits/s with FULL against ~1,600/s
 *   with NORMAL. Every invocation writes a record, so FULL would cap the hub near 160 invocations/s.
 * - `foreign_keys = ON`: blocks and invocations can only point at existing sessions.
 */
export function openStoreConnection(path: string, driver: SqliteDriver = sqliteDriver()): SqlConnection {
  const db = driver.open(path);
  try {
    db.exec(`PRAGMA busy_timeout = ${BUSY_TIMEOUT_MS}`);
    db.exec('PRAGMA journal_mode = WAL');
    db.exec('PRAGMA synchronous = NORMAL');
    db.exec('PRAGMA foreign_keys = ON');
    migrate(db);
  } catch (error) {
    db.close();
    throw error;
  }
  return db;
}

/**
 * Opens (creating and migrating when needed) a SQLite store at `path`, or a private in-memory
 * one for ':memory:'.
 */
export function openSqliteStore(path: string, driver: SqliteDriver = sqliteDriver()): Store {
  const db = openStoreConnection(path, driver);
  const prepare = preparer(db);

  prepare<[string]>("INSERT OR IGNORE INTO meta (key, value) VALUES ('cursor_key', ?)").run(
    randomBytes(32).toString('base64url'),
  );
  const cursorKey = prepare<[], { value: string }>("SELECT value FROM meta WHERE key = 'cursor_key'").get();
  if (!cursorKey) throw new Error('cursor key missing after initialisation');
  const cursors = createCursorCodec(Buffer.from(cursorKey.value, 'base64url'));

  const sql = {
    insertSession: prepare<
      [
        {
          id: string;
          owner: string;
          name: string;
          defaultAgent: string | null;
          tags: string;
          forkedFrom: string | null;
          now: string;
        },
      ]
    >(`
      INSERT INTO sessions (id, owner, name, default_agent, tags, forked_from, created_at, updated_at, update_seq)
      VALUES (@id, @owner, @name, @defaultAgent, @tags, @forkedFrom, @now, @now,
              (SELECT coalesce(max(update_seq), 0) + 1 FROM sessions))`),
    insertSessionTag: prepare<[string, string]>('INSERT OR IGNORE INTO session_tags (tag, session_id) VALUES (?, ?)'),
    session: prepare<[string, string], SessionRow>('SELECT * FROM sessions WHERE id = ? AND owner = ?'),
    sessionBlockRefs: prepare<[string], Pick<BlockRow, 'id' | 'pinned' | 'token_count'>>(
      'SELECT id, pinned, token_count FROM blocks WHERE session_id = ? ORDER BY seq',
    ),
    listSessions: prepare<[{ owner: string; before: number; tag: string | null; limit: number }], SessionRow>(`
      SELECT * FROM sessions s
      WHERE s.owner = @owner AND s.update_seq < @before
        AND (@tag IS NULL OR EXISTS (SELECT 1 FROM session_tags t WHERE t.tag = @tag AND t.session_id = s.id))
      ORDER BY s.update_seq DESC LIMIT @limit`),
    touchSession: prepare<[{ id: string; now: string; invocations: number }]>(`
      UPDATE sessions
      SET updated_at = @now, invocation_count = invocation_count + @invocations,
          update_seq = (SELECT max(update_seq) + 1 FROM sessions)
      WHERE id = @id`),
    insertBlock: prepare<[NewBlockRow]>(`
      INSERT INTO blocks (id, owner, session_id, type, content, tags, pinned, importance, token_count, compaction_level, created_at)
      VALUES (@id, @owner, @session_id, @type, @content, @tags, @pinned, @importance, @token_count, @compaction_level, @created_at)`),
    insertBlockTag: prepare<[string, number | bigint]>(
      'INSERT OR IGNORE INTO block_tags (tag, block_seq) VALUES (?, ?)',
    ),
    sessionBlocks: prepare<[string], BlockRow>('SELECT * FROM blocks WHERE session_id = ? ORDER BY seq'),
    blocksByIds: prepare<[string, string], BlockRow>(
      'SELECT * FROM blocks WHERE owner = ? AND id IN (SELECT value FROM json_each(?))',
    ),
    listBlocks: prepare<
      [
        {
          sessionId: string;
          after: number;
          type: string | null;
          tag: string | null;
          pinned: number | null;
          limit: number;
        },
      ],
      BlockRow
    >(`
      SELECT * FROM blocks b
      WHERE b.session_id = @sessionId AND b.seq > @after
        AND (@type IS NULL OR b.type = @type)
        AND (@pinned IS NULL OR b.pinned = @pinned)
        AND (@tag IS NULL OR EXISTS (SELECT 1 FROM block_tags t WHERE t.tag = @tag AND t.block_seq = b.seq))
      ORDER BY b.seq LIMIT @limit`),
    blocksByTag: prepare<[{ owner: string; tag: string; exclude: string | null }], BlockRow>(`
      SELECT b.* FROM block_tags t JOIN blocks b ON b.seq = t.block_seq
      WHERE t.tag = @tag AND b.owner = @owner AND (@exclude IS NULL OR b.session_id <> @exclude)
      ORDER BY b.created_at DESC, b.seq DESC`),
    insertInvocation: prepare<[InvocationRow]>(`
      INSERT INTO invocations (id, owner, agent, session_id, status, output, context_tokens, input_tokens, output_tokens, blocks_created, error_code, created_at)
      VALUES (@id, @owner, @agent, @session_id, @status, @output, @context_tokens, @input_tokens, @output_tokens, @blocks_created, @error_code, @created_at)`),
    invocation: prepare<[string, string], InvocationRow>('SELECT * FROM invocations WHERE id = ? AND owner = ?'),
  };

  function toSession(row: SessionRow): StoredSession {
    const refs = sql.sessionBlockRefs.all(row.id);
    return {
      id: row.id,
      name: row.name,
      ...(row.default_agent === null ? {} : { defaultAgent: row.default_agent }),
      tags: JSON.parse(row.tags) as string[],
      ...(row.forked_from === null ? {} : { forkedFrom: row.forked_from }),
      // The 0.1.0 reference never compacts.
      compactionCount: 0,
      invocationCount: row.invocation_count,
      totalTokens: refs.reduce((sum, r) => sum + r.token_count, 0),
      blockCount: refs.length,
      blockIds: refs.map((r) => r.id),
      pinnedBlockIds: refs.filter((r) => r.pinned === 1).map((r) => r.id),
      createdAt: row.created_at,
      updatedAt: row.updated_at,
    };
  }

  function toBlock(row: NewBlockRow): StoredBlock {
    return {
      id: row.id,
      sessionId: row.session_id,
      type: row.type,
      content: JSON.parse(row.content) as unknown,
      tags: JSON.parse(row.tags) as string[],
      pinned: row.pinned === 1,
      importance: row.importance,
      tokenCount: row.token_count,
      compactionLevel: row.compaction_level,
      createdAt: row.created_at,
    };
  }

  function toInvocation(row: InvocationRow): InvocationRecord {
    return {
      id: row.id,
      agent: row.agent,
      sessionId: row.session_id,
      status: row.status,
      output: row.output,
      usage: { contextTokens: row.context_tokens, inputTokens: row.input_tokens, outputTokens: row.output_tokens },
      blocksCreated: JSON.parse(row.blocks_created) as string[],
      ...(row.error_code === null ? {} : { errorCode: row.error_code }),
      createdAt: row.created_at,
    };
  }

  function insertSession(owner: string, input: NewSession & { forkedFrom?: string }, now: string): string {
    const id = newId('sess');
    const tags = input.tags ?? [];
    sql.insertSession.run({
      id,
      owner,
      name: input.name,
      defaultAgent: input.defaultAgent ?? null,
      tags: JSON.stringify(tags),
      forkedFrom: input.forkedFrom ?? null,
      now,
    });
    for (const tag of tags) sql.insertSessionTag.run(tag, id);
    return id;
  }

  function insertBlock(row: NewBlockRow): void {
    const seq = sql.insertBlock.run(row).lastInsertRowid;
    for (const tag of JSON.parse(row.tags) as string[]) sql.insertBlockTag.run(tag, seq);
  }

  /** Appends new blocks to a session known to be visible; returns them as stored. */
  function appendBlocks(owner: string, sessionId: string, blocks: readonly NewBlock[], now: string): StoredBlock[] {
    return blocks.map((block) => {
      const pinned = block.pinned ?? false;
      const row: NewBlockRow = {
        id: newId('blk'),
        owner,
        session_id: sessionId,
        type: block.type,
        content: JSON.stringify(block.content),
        tags: JSON.stringify(block.tags ?? []),
        pinned: pinned ? 1 : 0,
        importance: block.importance ?? defaultImportance(pinned),
        token_count: countTokens(block.content),
        compaction_level: 0,
        created_at: now,
      };
      insertBlock(row);
      return toBlock(row);
    });
  }

  function visibleSession(owner: string, id: string): SessionRow | undefined {
    return sql.session.get(id, owner);
  }

  function requireLimit(limit: number): void {
    if (!Number.isInteger(limit) || limit < 1)
      throw new RangeError(`page limit must be a positive integer, got ${limit}`);
  }

  function page<R, T>(rows: R[], limit: number, toItem: (row: R) => T, cursorOf: (row: R) => string): Page<T> {
    const items = rows.slice(0, limit);
    const last = items[items.length - 1];
    return {
      items: items.map(toItem),
      ...(rows.length > limit && last !== undefined ? { nextCursor: cursorOf(last) } : {}),
    };
  }

  const createSession = (owner: string, input: NewSession): StoredSession => {
    const id = insertSession(owner, input, new Date().toISOString());
    return toSession(visibleSession(owner, id)!);
  };

  const forkSession = (owner: string, sourceId: string, selection: ForkSelection): StoredSession | undefined => {
    const source = visibleSession(owner, sourceId);
    if (!source) return undefined;
    const id = insertSession(
      owner,
      {
        name: selection.name ?? `${source.name} (fork)`,
        tags: selection.tags ?? (JSON.parse(source.tags) as string[]),
        ...defaultAgentOf(selection.defaultAgent === undefined ? source.default_agent : selection.defaultAgent),
        forkedFrom: source.id,
      },
      new Date().toISOString(),
    );
    // Copies keep their content, metadata and creation time; only the id and session change.
    const picked = selectForFork(
      sql.sessionBlocks
        .all(source.id)
        .map((row) => ({ row, tags: JSON.parse(row.tags) as string[], pinned: row.pinned === 1 })),
      selection,
    );
    for (const { row } of picked) {
      const { seq: _seq, ...copy } = row;
      insertBlock({ ...copy, id: newId('blk'), session_id: id });
    }
    return toSession(visibleSession(owner, id)!);
  };

  const getSession = (owner: string, id: string): StoredSession | undefined => {
    const row = visibleSession(owner, id);
    return row && toSession(row);
  };

  const listSessions = (owner: string, query: SessionListQuery): Page<StoredSession> => {
    requireLimit(query.limit);
    const scope = ['sessions', owner, query.tag ?? null];
    const before = query.cursor === undefined ? Number.MAX_SAFE_INTEGER : cursors.decode(scope, query.cursor);
    const rows = sql.listSessions.all({ owner, before, tag: query.tag ?? null, limit: query.limit + 1 });
    return page(rows, query.limit, toSession, (row) => cursors.encode(scope, row.update_seq));
  };

  const getSessionBlocks = (owner: string, sessionId: string): StoredBlock[] | undefined =>
    visibleSession(owner, sessionId) ? sql.sessionBlocks.all(sessionId).map(toBlock) : undefined;

  const listBlocks = (owner: string, sessionId: string, query: BlockListQuery): Page<StoredBlock> | undefined => {
    if (!visibleSession(owner, sessionId)) return undefined;
    requireLimit(query.limit);
    const filters = {
      type: query.type ?? null,
      tag: query.tag ?? null,
      pinned: query.pinned === undefined ? null : query.pinned ? 1 : 0,
    };
    const scope = ['blocks', owner, sessionId, filters.type, filters.tag, filters.pinned];
    const after = query.cursor === undefined ? 0 : cursors.decode(scope, query.cursor);
    const rows = sql.listBlocks.all({ sessionId, after, ...filters, limit: query.limit + 1 });
    return page(rows, query.limit, toBlock, (row) => cursors.encode(scope, row.seq));
  };

  const addBlocks = (owner: string, sessionId: string, blocks: NewBlock[]): StoredBlock[] | undefined => {
    if (!visibleSession(owner, sessionId)) return undefined;
    // An empty batch changes nothing, not even updatedAt.
    if (blocks.length === 0) return [];
    const now = new Date().toISOString();
    const stored = appendBlocks(owner, sessionId, blocks, now);
    sql.touchSession.run({ id: sessionId, now, invocations: 0 });
    return stored;
  };

  const recordInvocation = (
    owner: string,
    record: Omit<InvocationRecord, 'blocksCreated'>,
    blocks: NewBlock[],
  ): InvocationRecord => {
    let blocksCreated: string[] = [];
    if (record.sessionId !== null) {
      if (!visibleSession(owner, record.sessionId))
        throw new Error(`session ${record.sessionId} is not visible to this owner`);
      const now = new Date().toISOString();
      blocksCreated = appendBlocks(owner, record.sessionId, blocks, now).map((b) => b.id);
      sql.touchSession.run({ id: record.sessionId, now, invocations: 1 });
    } else if (blocks.length > 0) {
      throw new Error('an ephemeral invocation cannot save blocks');
    }
    sql.insertInvocation.run({
      id: record.id,
      owner,
      agent: record.agent,
      session_id: record.sessionId,
      status: record.status,
      output: record.output,
      context_tokens: record.usage.contextTokens,
      input_tokens: record.usage.inputTokens,
      output_tokens: record.usage.outputTokens,
      blocks_created: JSON.stringify(blocksCreated),
      error_code: record.errorCode ?? null,
      created_at: record.createdAt,
    });
    return { ...record, blocksCreated };
  };

  // Writes take the lock up front (immediate); reads spanning several statements run in one
  // deferred transaction, so they see one snapshot even while another connection writes.
  return {
    async createSession(owner, input) {
      return transaction(db, 'immediate', () => createSession(owner, input));
    },

    async forkSession(owner, sourceId, selection) {
      return transaction(db, 'immediate', () => forkSession(owner, sourceId, selection));
    },

    async getSession(owner, id) {
      return transaction(db, 'deferred', () => getSession(owner, id));
    },

    async listSessions(owner, query) {
      return transaction(db, 'deferred', () => listSessions(owner, query));
    },

    async addBlocks(owner, sessionId, blocks) {
      return transaction(db, 'immediate', () => addBlocks(owner, sessionId, blocks));
    },

    async getSessionBlocks(owner, sessionId) {
      return transaction(db, 'deferred', () => getSessionBlocks(owner, sessionId));
    },

    async getBlocksByIds(owner, ids) {
      if (ids.length === 0) return [];
      const byId = new Map(sql.blocksByIds.all(owner, JSON.stringify(ids)).map((row) => [row.id, toBlock(row)]));
      return ids.flatMap((id) => byId.get(id) ?? []);
    },

    async listBlocks(owner, sessionId, query) {
      return transaction(db, 'deferred', () => listBlocks(owner, sessionId, query));
    },

    async findBlocksByTag(owner, tag, excludeSessionId) {
      return sql.blocksByTag.all({ owner, tag, exclude: excludeSessionId }).map(toBlock);
    },

    async recordInvocation(owner, record, blocks) {
      return transaction(db, 'immediate', () => recordInvocation(owner, record, blocks));
    },

    async getInvocation(owner, id) {
      const row = sql.invocation.get(id, owner);
      return row && toInvocation(row);
    },

    async close() {
      db.close();
    },
  };
}
