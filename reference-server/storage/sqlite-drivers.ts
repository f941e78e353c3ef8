/**
 * Which SQLite driver the store runs on. Node's built-in `node:sqlite` is preferred (Node.js
 * 22.13+ and 24: nothing to build or approve); better-sqlite3, an optional dependency with a
 * native binding, serves Node.js 20. Neither is loaded before a store is opened, so the schemas,
 * validators, SSE codec, client and `aip-conformance --url` work where no driver loads at all.
 */
import { createRequire } from 'node:module';
import { preparer, type SqlConnection } from './sql.ts';

export type SqliteDriverName = 'node:sqlite' | 'better-sqlite3';

/** Most preferred first. */
export const SQLITE_DRIVERS: readonly SqliteDriverName[] = ['node:sqlite', 'better-sqlite3'];

export interface SqliteDriver {
  readonly name: SqliteDriverName;
  /** Version of the SQLite library the driver carries, e.g. `3.54.1`. */
  readonly sqliteVersion: string;
  /** Opens (creating when missing) the database at `path`, or a private one for `:memory:`. */
  open(path: string): SqlConnection;
}

export interface DriverFailure {
  readonly name: SqliteDriverName;
  /** Why it did not load, one line. */
  readonly reason: string;
  /** The package is not installed at all (as opposed to installed without a loadable binding). */
  readonly missing: boolean;
}

/** No SQLite driver loads in this process: only the store needs one, everything else works. */
export class SqliteUnavailableError extends Error {
  override readonly name = 'SqliteUnavailableError';
  readonly code = 'sqlite_unavailable';
  constructor(readonly failures: readonly DriverFailure[]) {
    super(explain(failures));
  }
}

type Connect = new (path: string) => SqlConnection;

/** Node.js 22.13 is the first 22.x with node:sqlite unflagged; 20.x never has it. */
const NODE_SQLITE_SINCE = '22.13';

const probed = new Map<SqliteDriverName, SqliteDriver | DriverFailure>();

/** Loads (once) and checks one driver by opening an in-memory database with it. */
export function probeSqliteDriver(name: SqliteDriverName): SqliteDriver | DriverFailure {
  let result = probed.get(name);
  if (result === undefined) {
    result = probe(name);
    probed.set(name, result);
  }
  return result;
}

/** The most preferred driver that loads here, or why none does. */
export function findSqliteDriver(): SqliteDriver | SqliteUnavailableError {
  const failures: DriverFailure[] = [];
  for (const name of SQLITE_DRIVERS) {
    const result = probeSqliteDriver(name);
    if (isDriver(result)) return result;
    failures.push(result);
  }
  return new SqliteUnavailableError(failures);
}

/** Like findSqliteDriver, for callers that cannot go on without one. */
export function sqliteDriver(): SqliteDriver {
  const found = findSqliteDriver();
  if (found instanceof SqliteUnavailableError) throw found;
  return found;
}

export function isDriver(result: SqliteDriver | DriverFailure): result is SqliteDriver {
  return 'open' in result;
}

/** One line for humans: `SQLite 3.54.1 via node:sqlite`. */
export function describeDriver(driver: SqliteDriver): string {
  return `SQLite ${driver.sqliteVersion} via ${driver.name}`;
}

function probe(name: SqliteDriverName): SqliteDriver | DriverFailure {
  let Connection: Connect;
  try {
    Connection = name === 'node:sqlite' ? loadNodeSqlite() : loadBetterSqlite3();
  } catch (error) {
    return { name, reason: firstLine(error), missing: isMissingModule(error, name) };
  }
  try {
    // better-sqlite3 loads its native binding on the first open, so only an open proves it works.
    const db = new Connection(':memory:');
    try {
      const row = preparer(db)<[], { version: string }>('SELECT sqlite_version() AS version').get();
      return { name, sqliteVersion: row?.version ?? 'unknown', open: (path) => new Connection(path) };
    } finally {
      db.close();
    }
  } catch (error) {
    return { name, reason: firstLine(error), missing: false };
  }
}

function loadNodeSqlite(): Connect {
  const sqlite = withoutSqliteWarning(() => process.getBuiltinModule('node:sqlite')) as
    | { DatabaseSync: Connect }
    | undefined;
  if (sqlite === undefined)
    throw new Error(`not in Node.js ${process.versions.node} (built in from ${NODE_SQLITE_SINCE})`);
  return sqlite.DatabaseSync;
}

function loadBetterSqlite3(): Connect {
  return createRequire(import.meta.url)('better-sqlite3') as Connect;
}

/**
 * Node.js 22 prints "ExperimentalWarning: SQLite is an experimental feature" when node:sqlite is
 * first loaded (24 no longer does). The kit uses it on purpose, so that one warning is not shown
 * to every user of the server; every other warning goes through untouched.
 */
function withoutSqliteWarning<T>(load: () => T): T {
  const emitWarning = process.emitWarning;
  process.emitWarning = ((warning: string | Error, ...rest: unknown[]) => {
    const options = rest[0];
    const type = typeof options === 'string' ? options : (options as { type?: unknown } | undefined)?.type;
    if (type === 'ExperimentalWarning' && String(warning).includes('SQLite')) return;
    Reflect.apply(emitWarning, process, [warning, ...rest]);
  }) as typeof process.emitWarning;
  try {
    return load();
  } finally {
    process.emitWarning = emitWarning;
  }
}

/** The first line of an error; one that only announces a list ("… Tried:") loses that last word. */
function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text
    .split('\n', 1)[0]!
    .trim()
    .replace(/\s+\S+:$/, '');
}

function isMissingModule(error: unknown, name: SqliteDriverName): boolean {
  const e = error as { code?: unknown; message?: unknown };
  return e.code === 'MODULE_NOT_FOUND' && String(e.message).includes(`'${name}'`);
}

function explain(failures: readonly DriverFailure[]): string {
  const better = failures.find((f) => f.name === 'better-sqlite3');
  const build = better?.missing
    ? 'npm install better-sqlite3'
    : 'npm approve-scripts better-sqlite3 && npm rebuild better-sqlite3';
  return [
    `no SQLite driver loads in Node.js ${process.versions.node}, so the reference server cannot store anything:`,
    ...failures.map((f) => `  ${f.name}: ${f.reason}`),
    'Fix it either way:',
    `  - run Node.js ${NODE_SQLITE_SINCE} or newer, which has SQLite built in (node:sqlite); or`,
    `  - give better-sqlite3 its native binding (npm 12 skips install scripts it was not told to allow): ${build}`,
    'The schemas, validators, SSE codec, client and `aip-conformance --url` do not need SQLite.',
  ].join('\n');
}
