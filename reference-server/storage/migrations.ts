import { preparer, type SqlConnection, transaction } from './sql.ts';

/**
 * Schema migrations, applied in order; migration i brings the database to version i + 1.
 * Append new migrations, never edit a released one.
 *
 * Design notes:
 * - `owner` is on every top-level row (sessions, blocks, invocations) so each query filters by
 *   it directly, without joins that a forgotten condition could bypass.
 * - `blocks.seq` (AUTOINCREMENT, never reused) is the exact write order: "oldest first" is
 *   `ORDER BY seq`, even for blocks written within one millisecond.
 * - `sessions.update_seq` is a store-wide counter bumped on every change, the exact order of
 *   "most recently updated first".
 * - Tags are kept twice: as a JSON array on the row (their order as given) and in a lookup
 *   table, so tag filters use an index instead of scanning JSON.
 */
export const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;

  CREATE TABLE sessions (
    id TEXT PRIMARY KEY,
    owner TEXT NOT NULL,
    name TEXT NOT NULL,
    default_agent TEXT,
    tags TEXT NOT NULL,
    forked_from TEXT REFERENCES sessions(id),
    invocation_count INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    update_seq INTEGER NOT NULL UNIQUE
  );
  CREATE INDEX sessions_by_owner ON sessions(owner, update_seq);

  CREATE TABLE session_tags (
    tag TEXT NOT NULL,
    session_id TEXT NOT NULL REFERENCES sessions(id),
    PRIMARY KEY (tag, session_id)
  ) WITHOUT ROWID;

  CREATE TABLE blocks (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    owner TEXT NOT NULL,
    session_id TEXT NOT NULL REFERENCES sessions(id),
    type TEXT NOT NULL,
    content TEXT NOT NULL,
    tags TEXT NOT NULL,
    pinned INTEGER NOT NULL CHECK (pinned IN (0, 1)),
    importance REAL NOT NULL,
    token_count INTEGER NOT NULL,
    compaction_level INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL
  );
  CREATE INDEX blocks_by_session ON blocks(session_id, seq);

  CREATE TABLE block_tags (
    tag TEXT NOT NULL,
    block_seq INTEGER NOT NULL REFERENCES blocks(seq),
    PRIMARY KEY (tag, block_seq)
  ) WITHOUT ROWID;

  CREATE TABLE invocations (
    id TEXT PRIMARY KEY,
    owner TEXT NOT NULL,
    agent TEXT NOT NULL,
    session_id TEXT REFERENCES sessions(id),
    status TEXT NOT NULL CHECK (status IN ('completed', 'failed', 'cancelled')),
    output TEXT NOT NULL,
    context_tokens INTEGER NOT NULL,
    input_tokens INTEGER NOT NULL,
    output_tokens INTEGER NOT NULL,
    blocks_created TEXT NOT NULL,
    error_code TEXT,
    created_at TEXT NOT NULL
  );
  `,
];

/** Thrown when the database was written by a newer version of the store. */
export class SchemaTooNewError extends Error {
  override readonly name = 'SchemaTooNewError';
}

/**
 * Brings the database to the latest version. Runs in one IMMEDIATE transaction, so two
 * processes opening a fresh file at once cannot both apply the same migration.
 */
export function migrate(db: SqlConnection): void {
  const prepare = preparer(db);
  transaction(db, 'immediate', () => {
    db.exec('CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)');
    const row = prepare<[], { version: number }>(
      'SELECT coalesce(max(version), 0) AS version FROM schema_version',
    ).get();
    const version = row?.version ?? 0;
    if (version > MIGRATIONS.length) {
      throw new SchemaTooNewError(`database schema version ${version} is newer than this store (${MIGRATIONS.length})`);
    }
    const record = prepare<[number, string]>('INSERT INTO schema_version (version, applied_at) VALUES (?, ?)');
    MIGRATIONS.slice(version).forEach((sql, i) => {
      db.exec(sql);
      record.run(version + i + 1, new Date().toISOString());
    });
  });
}
