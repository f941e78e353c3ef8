import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCli } from '../../../reference-server/cli/args.ts';

const BIN = resolve(import.meta.dirname, '../../../bin/aip-server.js');

describe('argument parsing', () => {
  it.each([
    [[], {}, { host: '127.0.0.1', port: 8787, db: './aip-reference.db', apiKeys: [] }],
    [
      ['--port', '0', '--db', ':memory:', '--api-key', 'a', '--api-key', 'b'],
      {},
      { host: '127.0.0.1', port: 0, db: ':memory:', apiKeys: ['a', 'b'] },
    ],
    [
      [],
      { AIP_HOST: '0.0.0.0', AIP_PORT: '9000', AIP_DB: 'x.db', AIP_API_KEYS: 'k1, k2,' },
      { host: '0.0.0.0', port: 9000, db: 'x.db', apiKeys: ['k1', 'k2'] },
    ],
    [
      ['--port', '1', '--api-key', 'flag'],
      { AIP_PORT: '2', AIP_API_KEYS: 'env' },
      { host: '127.0.0.1', port: 1, db: './aip-reference.db', apiKeys: ['flag'] },
    ],
    [
      ['--heartbeat-ms', '50'],
      {},
      { host: '127.0.0.1', port: 8787, db: './aip-reference.db', apiKeys: [], heartbeatMs: 50 },
    ],
  ])('%j with env %j', (argv, env, config) => {
    expect(parseCli(argv, env)).toEqual({ kind: 'run', config });
  });

  it.each([
    [['--bogus']],
    [['--port', '70000']],
    [['--port', 'x']],
    [['--heartbeat-ms', '0']],
    [['extra']],
    [['--api-key', '']],
    [['--port']],
  ])('refuses %j', (argv) => {
    expect(parseCli(argv, {}).kind).toBe('usage-error');
  });

  it('recognises --help', () => {
    expect(parseCli(['--help'], {})).toEqual({ kind: 'help' });
  });
});

interface Child {
  stdout: () => string;
  stderr: () => string;
  exited: Promise<number | null>;
  kill: (signal: NodeJS.Signals) => void;
}

function run(args: string[], env: Record<string, string> = {}): Child {
  const child = spawn(process.execPath, [BIN, ...args], {
    env: { ...process.env, AIP_API_KEYS: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  return {
    stdout: () => out,
    stderr: () => err,
    exited: new Promise((r) => child.on('exit', (code) => r(code))),
    kill: (s) => child.kill(s),
  };
}

async function listening(child: Child): Promise<string> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const m = /^AIP reference server listening on (http:\/\/\S+)$/m.exec(child.stdout());
    if (m) return m[1]!;
    if (Date.now() > deadline) throw new Error(`no listening line; stderr: ${child.stderr()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('the aip-server process', () => {
  it('generates and prints one key when none is given, serves with it, and stops on SIGTERM', async () => {
    const child = run(['--port', '0', '--db', ':memory:']);
    const url = await listening(child);
    const keyLines = child
      .stdout()
      .split('\n')
      .filter((l) => /^rt_test_\S+$/.test(l));
    expect(keyLines).toHaveLength(1);
    const r = await fetch(`${url}/v1/aip/agents`, { headers: { 'X-API-Key': keyLines[0]! } });
    expect(r.status).toBe(200);
    child.kill('SIGTERM');
    expect(await child.exited).toBe(0);
    expect(child.stdout().match(/listening on/g)).toHaveLength(1);
  });

  it('never prints a key it was given', async () => {
    const secret = 'rt_live_given_secret_42';
    const child = run(['--port', '0', '--db', ':memory:', '--api-key', secret]);
    const url = await listening(child);
    expect((await fetch(`${url}/v1/aip/agents`, { headers: { 'X-API-Key': secret } })).status).toBe(200);
    expect((await fetch(`${url}/v1/aip/agents`, { headers: { 'X-API-Key': 'wrong' } })).status).toBe(401);
    child.kill('SIGINT');
    expect(await child.exited).toBe(0);
    expect(child.stdout() + child.stderr()).not.toContain(secret);
    expect(child.stdout()).not.toMatch(/rt_test_/);
  });

  it('exits 2 with usage on stderr for a bad flag', async () => {
    const child = run(['--nope']);
    expect(await child.exited).toBe(2);
    expect(child.stderr()).toMatch(/Usage: aip-server/);
  });
});
