import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { MIGRATIONS, SchemaTooNewError } from '../../../reference-server/storage/migrations.ts';
import { preparer } from '../../../reference-server/storage/sql.ts';
import {
  isDriver,
  probeSqliteDriver,
  SQLITE_DRIVERS,
  type SqliteDriver,
} from '../../../reference-server/storage/sqlite-drivers.ts';
import { openSqliteStore, openStoreConnection } from '../../../reference-server/storage/sqlite-store.ts';
import { invocation, note, storeContract } from './store-contract.ts';

const dir = mkdtempSync(join(tmpdir(), 'aip-store-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;
const freshPath = (): string => join(dir, `store-${++files}.db`);

const OWNER = 'owner-file';
const WRITER = fileURLToPath(new URL('./durability-writer.ts', import.meta.url));

interface Writer {
  ids: string[];
  ready: Promise<void>;
  exited: Promise<number | null>;
  acknowledged(count: number): Promise<void>;
  go(): void;
  kill(): void;
}

function startWriter(driver: SqliteDriver, path: string, sessionId: string, count: number, label: string): Writer {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', WRITER, path, driver.name, OWNER, sessionId, String(count), label],
    { stdio: ['pipe', 'pipe', 'pipe'] },
  );
  const ids: string[] = [];
  const waiters: Array<{ count: number; resolve: () => void }> = [];
  let markReady: () => void = () => {};
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  let buffered = '';
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdout.on('data', (chunk: Buffer) => {
    buffered += chunk.toString();
    const lines = buffered.split('\n');
    buffered = lines.pop() ?? '';
    for (const line of lines) {
      if (line === 'ready') markReady();
      else ids.push(line);
    }
    for (const w of waiters.filter((w) => ids.length >= w.count)) w.resolve();
  });
  const exited = new Promise<number | null>((resolve, reject) =>
    child.on('exit', (code, signal) =>
      code === 0 || signal === 'SIGKILL'
        ? resolve(code)
        : reject(new Error(`writer failed (${code ?? signal}): ${stderr}`)),
    ),
  );
  return {
    ids,
    ready,
    exited,
    acknowledged: (n) => new Promise((resolve) => (ids.length >= n ? resolve() : waiters.push({ count: n, resolve }))),
    go: () => child.stdin.write('go\n'),
    kill: () => child.kill('SIGKILL'),
  };
}

/** Reads straight from the file, bypassing the store. */
function raw<T>(driver: SqliteDriver, path: string, read: (prepare: ReturnType<typeof preparer>) => T): T {
  const db = driver.open(path);
  try {
    return read(preparer(db));
  } finally {
    db.close();
  }
}

function rawSequence(driver: SqliteDriver, path: string, sessionId: string): Array<{ seq: number; id: string }> {
  return raw(driver, path, (prepare) =>
    prepare<[string], { seq: number; id: string }>('SELECT seq, id FROM blocks WHERE session_id = ? ORDER BY seq')
      .all(sessionId)
      .map((row) => ({ ...row })),
  );
}

function expectStrictlyIncreasing(values: number[]): void {
  for (let i = 1; i < values.length; i++) expect(values[i]).toBeGreaterThan(values[i - 1]!);
}

function fileStoreTests(driver: SqliteDriver): void {
  it('sets WAL, NORMAL sync, foreign keys and a busy timeout on its connection', () => {
    const db = openStoreConnection(freshPath(), driver);
    const prepare = preparer(db);
    const pragma = (name: string) => ({ ...prepare<[], Record<string, unknown>>(`PRAGMA ${name}`).get() });
    try {
      expect(pragma('journal_mode')).toEqual({ journal_mode: 'wal' });
      expect(pragma('synchronous')).toEqual({ synchronous: 1 });
      expect(pragma('foreign_keys')).toEqual({ foreign_keys: 1 });
      expect(pragma('busy_timeout')).toEqual({ timeout: 5000 });
    } finally {
      db.close();
    }
  });

  it('keeps everything across close and reopen, including issued cursors', async () => {
    const path = freshPath();
    const first = openSqliteStore(path, driver);
    const s = await first.createSession(OWNER, { name: 'kept', tags: ['t'], defaultAgent: 'echo' });
    await first.addBlocks(OWNER, s.id, [
      note('a', { pinned: true, tags: ['x'] }),
      { type: 'diff', content: { path: 'p', diff: '+1' } },
    ]);
    const inv = await first.recordInvocation(OWNER, invocation(s.id), [note('b')]);
    await first.createSession(OWNER, { name: 'other' });
    const session = await first.getSession(OWNER, s.id);
    const blocks = await first.getSessionBlocks(OWNER, s.id);
    const page = await first.listSessions(OWNER, { limit: 1 });
    await first.close();

    const second = openSqliteStore(path, driver);
    expect(await second.getSession(OWNER, s.id)).toEqual(session);
    expect(await second.getSessionBlocks(OWNER, s.id)).toEqual(blocks);
    expect(await second.getInvocation(OWNER, inv.id)).toEqual(inv);
    expect((await second.listSessions(OWNER, { limit: 1, cursor: page.nextCursor! })).items.map((x) => x.id)).toEqual([
      s.id,
    ]);
    await second.close();
  });

  it('records its schema version and refuses a schema newer than itself', async () => {
    const path = freshPath();
    await openSqliteStore(path, driver).close();
    await openSqliteStore(path, driver).close();
    raw(driver, path, (prepare) => {
      expect(prepare('SELECT version FROM schema_version ORDER BY version').all()).toEqual(
        MIGRATIONS.map((_, i) => ({ version: i + 1 })),
      );
      prepare<[number, string]>('INSERT INTO schema_version (version, applied_at) VALUES (?, ?)').run(
        MIGRATIONS.length + 1,
        '2030-01-01T00:00:00.000Z',
      );
    });
    expect(() => openSqliteStore(path, driver)).toThrow(SchemaTooNewError);
  });

  it('rolls back addBlocks entirely when a later insert of the batch fails', async () => {
    const path = freshPath();
    const store = openSqliteStore(path, driver);
    const s = await store.createSession(OWNER, { name: 's' });
    const saboteur = driver.open(path);
    saboteur.exec(
      `CREATE TRIGGER fail_block BEFORE INSERT ON blocks WHEN NEW.content = '"boom"' BEGIN SELECT RAISE(ABORT, 'injected failure'); END`,
    );

    await expect(store.addBlocks(OWNER, s.id, [note('fine', { tags: ['t'] }), note('boom')])).rejects.toThrow(
      'injected failure',
    );
    expect(await store.getSession(OWNER, s.id)).toEqual(s);
    expect(saboteur.prepare('SELECT count(*) AS n FROM block_tags').get()).toEqual({ n: 0 });
    saboteur.close();
    await store.close();
  });

  it('rolls back recordInvocation (blocks, counters) when the invocation row fails', async () => {
    const path = freshPath();
    const store = openSqliteStore(path, driver);
    const s = await store.createSession(OWNER, { name: 's' });
    const saboteur = driver.open(path);
    saboteur.exec(
      `CREATE TRIGGER fail_invocation BEFORE INSERT ON invocations WHEN NEW.agent = 'boom' BEGIN SELECT RAISE(ABORT, 'injected failure'); END`,
    );

    const record = invocation(s.id, { agent: 'boom' });
    await expect(store.recordInvocation(OWNER, record, [note('user'), note('assistant')])).rejects.toThrow(
      'injected failure',
    );
    expect(await store.getSession(OWNER, s.id)).toEqual(s);
    expect(await store.getInvocation(OWNER, record.id)).toBeUndefined();
    expect(saboteur.prepare('SELECT count(*) AS n FROM blocks').get()).toEqual({ n: 0 });
    saboteur.close();
    await store.close();
  });

  it('orders blocks by a strictly increasing sequence when two connections write concurrently', async () => {
    const path = freshPath();
    const a = openSqliteStore(path, driver);
    const b = openSqliteStore(path, driver);
    const s = await a.createSession(OWNER, { name: 's' });
    const perWrite = await Promise.all(
      Array.from({ length: 50 }, (_, i) => {
        const store = i % 2 === 0 ? a : b;
        return i % 4 < 2
          ? store.addBlocks(OWNER, s.id, [note(`w${i}.0`), note(`w${i}.1`)]).then((blocks) => blocks!.map((x) => x.id))
          : store
              .recordInvocation(OWNER, invocation(s.id), [note(`w${i}.0`), note(`w${i}.1`)])
              .then((r) => r.blocksCreated);
      }),
    );
    const viaA = (await a.getSessionBlocks(OWNER, s.id))!.map((x) => x.id);
    expect(viaA).toHaveLength(100);
    expect((await b.getSessionBlocks(OWNER, s.id))!.map((x) => x.id)).toEqual(viaA);
    expect(new Set(perWrite.flat())).toEqual(new Set(viaA));
    const raw = rawSequence(driver, path, s.id);
    expect(raw.map((r) => r.id)).toEqual(viaA);
    expectStrictlyIncreasing(raw.map((r) => r.seq));
    expect((await b.getSession(OWNER, s.id))!.invocationCount).toBe(24);
    await a.close();
    await b.close();
  });

  it('loses nothing when two processes append to one session at the same time', async () => {
    const path = freshPath();
    const store = openSqliteStore(path, driver);
    const s = await store.createSession(OWNER, { name: 's' });
    const writers = [startWriter(driver, path, s.id, 120, 'p'), startWriter(driver, path, s.id, 120, 'q')];
    await Promise.all(writers.map((w) => w.ready));
    for (const w of writers) w.go();
    await Promise.all(writers.map((w) => w.exited));

    const stored = (await store.getSessionBlocks(OWNER, s.id))!;
    expect(stored).toHaveLength(240);
    for (const [w, label] of [
      [writers[0]!, 'p'],
      [writers[1]!, 'q'],
    ] as const) {
      const own = stored.filter((b) => String(b.content).startsWith(`${label}-`));
      expect(own.map((b) => b.id)).toEqual(w.ids);
      expect(own.map((b) => b.content)).toEqual(Array.from({ length: 120 }, (_, i) => `${label}-${i}`));
    }
    const raw = rawSequence(driver, path, s.id);
    expect(raw.map((r) => r.id)).toEqual(stored.map((b) => b.id));
    expectStrictlyIncreasing(raw.map((r) => r.seq));
    await store.close();
  });

  it('keeps every acknowledged write after the writing process is killed with SIGKILL', async () => {
    const path = freshPath();
    const setup = openSqliteStore(path, driver);
    const s = await setup.createSession(OWNER, { name: 's' });
    await setup.close();

    const total = 1_000_000;
    const writer = startWriter(driver, path, s.id, total, 'k');
    await writer.ready;
    writer.go();
    await writer.acknowledged(40);
    writer.kill();
    await writer.exited;
    const acknowledged = [...writer.ids];
    expect(acknowledged.length).toBeLessThan(total);

    expect(raw(driver, path, (prepare) => prepare('PRAGMA integrity_check').get())).toEqual({ integrity_check: 'ok' });
    const store = openSqliteStore(path, driver);
    const stored = (await store.getSessionBlocks(OWNER, s.id))!;
    expect(stored.slice(0, acknowledged.length).map((b) => b.id)).toEqual(acknowledged);
    expect(stored.map((b) => b.content)).toEqual(stored.map((_, i) => `k-${i}`));
    await store.close();
  });
}

/** Node.js 22.13 is the first 22.x with node:sqlite unflagged. */
const HAS_NODE_SQLITE = (() => {
  const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
  return major > 22 || (major === 22 && minor >= 13);
})();

describe('SQLite drivers', () => {
  it(`loads the driver Node.js ${process.versions.node} is meant to use, and prefers it`, () => {
    const expected = HAS_NODE_SQLITE ? 'node:sqlite' : 'better-sqlite3';
    const probed = probeSqliteDriver(expected);
    expect(isDriver(probed) ? probed.name : probed.reason).toBe(expected);
    expect(openSqliteStore(':memory:')).toBeDefined();
  });
});

// Each driver runs the whole contract and every file test. One that does not load on this line
// (node:sqlite before Node.js 22.13) leaves one skipped test saying why.
for (const name of SQLITE_DRIVERS) {
  const driver = probeSqliteDriver(name);
  if (!isDriver(driver)) {
    it.skip(`${name}: not loaded here (${driver.reason})`, () => {});
    continue;
  }
  describe(`${name} (SQLite ${driver.sqliteVersion})`, () => {
    storeContract(`SQLite :memory: on ${name}`, () => openSqliteStore(':memory:', driver));
    storeContract(`SQLite file on ${name}`, () => openSqliteStore(freshPath(), driver));
    describe('SQLite file store', () => fileStoreTests(driver));
  });
}
