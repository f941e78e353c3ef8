/** `aip-server --version` and the startup lines say which SQLite driver this Node.js line runs on. */
import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseCli } from '../../../reference-server/cli/args.ts';

const BIN = resolve(import.meta.dirname, '../../../bin/aip-server.js');
const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
const DRIVER = major > 22 || (major === 22 && minor >= 13) ? 'node:sqlite' : 'better-sqlite3';
const dir = mkdtempSync(join(tmpdir(), 'aip-version-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe(`aip-server on Node.js ${process.versions.node}`, () => {
  it('parses --version', () => {
    expect(parseCli(['--version'], {})).toEqual({ kind: 'version' });
  });

  it(`--version names the kit, Node.js and ${DRIVER}`, async () => {
    const stdout = await new Promise<string>((done, fail) =>
      execFile(process.execPath, [BIN, '--version'], (error, out) => (error ? fail(error) : done(out))),
    );
    expect(stdout).toMatch(
      new RegExp(
        `^aip-server \\d+\\.\\d+\\.\\d+\\nNode\\.js ${process.versions.node}\\nstorage: SQLite 3\\.\\d+\\.\\d+ via ${DRIVER}\\n$`,
      ),
    );
  });

  it(`serves from a --db file through ${DRIVER} and says so before the listening line`, async () => {
    const db = join(dir, 'hub.db');
    const child = spawn(process.execPath, [BIN, '--port', '0', '--db', db, '--api-key', 'k'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
    const deadline = Date.now() + 20_000;
    let m: RegExpExecArray | null = null;
    while (!(m = /^AIP reference server listening on (\S+)$/m.exec(out)) && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 50));
    expect(out).toMatch(
      new RegExp(`^AIP reference server storage: SQLite 3\\.\\d+\\.\\d+ via ${DRIVER}, database ${db}\\n`, 'm'),
    );
    const created = await fetch(`${m![1]}/v1/aip/sessions`, {
      method: 'POST',
      headers: { 'X-API-Key': 'k', 'Content-Type': 'application/json' },
      body: JSON.stringify({ name: 'kept on disk' }),
    });
    expect(created.status).toBe(201);
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(existsSync(db)).toBe(true);
  });
});
