/**
 * Where no SQLite driver loads (Node.js 20 with better-sqlite3's install script blocked, simulated
 * by fixtures/hide-sqlite.cjs on every Node.js line), only the embedded server may fail, and its
 * error must say what to do. The schemas, validators, SSE codec, client and `--url` runs go on.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AipServer, createServer } from '../../../reference-server/index.ts';
import { type DriverFailure, SqliteUnavailableError } from '../../../reference-server/storage/sqlite-drivers.ts';

const path = (relative: string) => fileURLToPath(new URL(relative, import.meta.url));
const HIDE_SQLITE = path('./fixtures/hide-sqlite.cjs');
const CONSUMER = path('./fixtures/sqlite-free-consumer.ts');
const SERVER_BIN = path('../../../bin/aip-server.js');
const CONFORMANCE_BIN = path('../../../bin/aip-conformance.js');
const KEY = 'aipk_without_sqlite_key';

interface Exit {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs node with the SQLite-hiding preload; resolves with how the process ended. */
function withoutSqlite(args: string[]): Promise<Exit> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--require', HIDE_SQLITE, ...args],
      { env: { ...process.env, NO_COLOR: '1', AIP_API_KEYS: '' }, timeout: 60_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

const FIX = /npm approve-scripts better-sqlite3 && npm rebuild better-sqlite3/;

let hub: AipServer;
let url: string;
beforeAll(async () => {
  hub = createServer({ apiKeys: [KEY, 'aipk_without_sqlite_second'], db: ':memory:' });
  ({ url } = await hub.listen(0));
});
afterAll(() => hub.close());

describe('without any SQLite driver', () => {
  it('aip-server exits 1 with a message that names both fixes, and no stack trace', async () => {
    const r = await withoutSqlite([SERVER_BIN, '--port', '0', '--db', ':memory:']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(FIX);
    expect(r.stderr).toMatch(/run Node\.js 22\.13 or newer/);
    expect(r.stderr).toMatch(/node:sqlite: not in Node\.js/);
    expect(r.stderr).toMatch(/\n {2}better-sqlite3: Could not locate the bindings file\.\n/);
    expect(r.stderr).not.toMatch(/^\s+at /m);
    expect(r.stdout).not.toMatch(/listening on/);
  });

  it('aip-server --version still answers, and says there is no storage', async () => {
    const r = await withoutSqlite([SERVER_BIN, '--version']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^aip-server \d+\.\d+\.\d+\nNode\.js \d+\.\d+\.\d+\nstorage: none\n/);
    expect(r.stdout).toMatch(FIX);
  });

  it('aip-conformance --url runs and passes against a hub elsewhere', async () => {
    const r = await withoutSqlite([
      CONFORMANCE_BIN,
      ...['--url', url, '--api-key', KEY, '--only', 'manifest.', '--only', 'version.'],
    ]);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/Result: PASS/);
    expect(r.code).toBe(0);
  });

  it('aip-conformance without --url (the embedded server) exits 2 naming the fix', async () => {
    const r = await withoutSqlite([CONFORMANCE_BIN, '--only', 'manifest.']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(FIX);
  });

  it('the schemas, validators, SSE parser and client work, and aip-kit/server still imports', async () => {
    const r = await withoutSqlite(['--import', 'tsx', CONSUMER, url, KEY]);
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toEqual({
      valid: true,
      invalid: false,
      events: ['text_delta:{"content":"a"}', 'done:{}'],
      output: expect.stringContaining('hello without sqlite'),
    });
    expect(r.code).toBe(0);
  });
});

describe('the no-driver message', () => {
  const node: DriverFailure = { name: 'node:sqlite', reason: 'not in Node.js 20.20.2', missing: false };
  it.each([
    [
      'binding not built',
      { name: 'better-sqlite3', reason: 'Could not locate the bindings file', missing: false },
      'npm approve-scripts better-sqlite3 && npm rebuild better-sqlite3',
    ],
    [
      'package not installed',
      { name: 'better-sqlite3', reason: "Cannot find module 'better-sqlite3'", missing: true },
      'npm install better-sqlite3',
    ],
  ] as const)('%s: gives the reasons and the fix %j', (_, better, fix) => {
    const error = new SqliteUnavailableError([node, better]);
    expect(error.code).toBe('sqlite_unavailable');
    expect(error.message).toContain(`  node:sqlite: not in Node.js 20.20.2`);
    expect(error.message).toContain(`  better-sqlite3: ${better.reason}`);
    expect(error.message).toContain(`: ${fix}\n`);
  });
});
