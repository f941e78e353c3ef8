/**
 * The seam between the store and a SQLite driver: the few calls the store makes on a connection.
 * Node's built-in `node:sqlite` (`DatabaseSync`) and better-sqlite3 both have exactly this shape,
 * so either driver's connection is used as it is and the store's SQL is written once.
 */
export type SqlValue = null | number | bigint | string | Uint8Array;

/** Positional values, or one object of named values (`@name` in the SQL, `name` as the key). */
export type SqlArgs = SqlValue[] | [Record<string, SqlValue>];

export interface SqlRunResult {
  changes: number | bigint;
  lastInsertRowid: number | bigint;
}

export interface SqlStatement {
  run(...args: SqlArgs): SqlRunResult;
  get(...args: SqlArgs): unknown;
  all(...args: SqlArgs): unknown[];
}

export interface SqlConnection {
  /** Runs one or more statements, ignoring any rows. */
  exec(sql: string): unknown;
  prepare(sql: string): SqlStatement;
  close(): unknown;
}

/** A prepared statement seen with the parameters it takes and the rows it returns. */
export interface Statement<Args extends SqlArgs, Row> {
  run(...args: Args): SqlRunResult;
  get(...args: Args): Row | undefined;
  all(...args: Args): Row[];
}

/**
 * The typed `prepare` of a connection. The parameter and row types are the caller's word: no
 * driver knows them, so they sit next to the SQL they describe.
 */
export function preparer(db: SqlConnection) {
  return <Args extends SqlArgs = [], Row = never>(sql: string): Statement<Args, Row> =>
    db.prepare(sql) as Statement<Args, Row>;
}

/**
 * Runs `work` in one transaction and returns its result; rolls back and rethrows when it throws.
 * `immediate` takes the write lock at BEGIN, so a read-then-write cannot be overtaken by another
 * connection's write (it waits up to the busy timeout instead); `deferred` suits reads that must
 * see one snapshot across several statements. Not reentrant: the store never nests them.
 */
export function transaction<T>(db: SqlConnection, mode: 'deferred' | 'immediate', work: () => T): T {
  db.exec(mode === 'immediate' ? 'BEGIN IMMEDIATE' : 'BEGIN');
  try {
    const result = work();
    db.exec('COMMIT');
    return result;
  } catch (error) {
    rollbackIfOpen(db);
    throw error;
  }
}

/**
 * SQLite ends the transaction itself on some errors (SQLITE_FULL, SQLITE_IOERR, a failed COMMIT
 * under SQLITE_BUSY) and not on others, so the ROLLBACK may find nothing to roll back. The error
 * that made the transaction fail is the one worth reporting, not that one.
 */
function rollbackIfOpen(db: SqlConnection): void {
  try {
    db.exec('ROLLBACK');
  } catch {
    // "cannot rollback - no transaction is active": already rolled back by SQLite.
  }
}
