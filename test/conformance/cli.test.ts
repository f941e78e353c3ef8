/** The CLI: argument parsing as data, and the real binary as a child process for exit codes. */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCliArgs } from '../../conformance/cli.ts';
import { serve } from './_servers.ts';

const BIN = new URL('../../bin/aip-conformance.js', import.meta.url).pathname;

function cli(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      { env: { PATH: process.env.PATH, ...env }, timeout: 60_000 },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : -1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

describe('parseCliArgs', () => {
  it.each([
    [[], {}, { command: 'run', options: {}, outputs: {} }],
    [['list'], {}, { command: 'list', options: {}, outputs: {} }],
    [['--help'], {}, { command: 'help', options: {}, outputs: {} }],
    [['-V'], {}, { command: 'version', options: {}, outputs: {} }],
    [
      [
        '--url',
        'https://x.test',
        '--api-key',
        'k1',
        '--agent',
        'echo',
        '--only',
        'stream.',
        '--only',
        'AIP-EVT',
        '--level',
        'SHOULD',
        '--timeout',
        '2000',
        '--concurrency',
        '3',
      ],
      {},
      {
        command: 'run',
        options: {
          url: 'https://x.test',
          apiKey: 'k1',
          agent: 'echo',
          only: ['stream.', 'AIP-EVT'],
          level: 'should',
          timeoutMs: 2000,
          concurrency: 3,
        },
        outputs: {},
      },
    ],
    [
      ['--url', 'https://x.test'],
      { AIP_API_KEY: 'from-env', AIP_API_KEY_2: 'second' },
      { command: 'run', options: { url: 'https://x.test', apiKey: 'from-env', secondApiKey: 'second' }, outputs: {} },
    ],
    [['--api-key', 'flag'], { AIP_API_KEY: 'env' }, { command: 'run', options: { apiKey: 'flag' }, outputs: {} }],
    [
      [
        '--header',
        'Authorization: Bearer t',
        '--header',
        'X-Gateway:eu-1',
        '--header',
        'x-gateway: eu-2',
        '--connect-timeout',
        '1000',
        '--first-byte-timeout',
        '30000',
        '--idle-timeout',
        '5000',
        '--max-retry-after',
        '0',
        '--max-invocations',
        '40',
      ],
      {},
      {
        command: 'run',
        options: {
          headers: { Authorization: 'Bearer t', 'X-Gateway': 'eu-1, eu-2' },
          connectTimeoutMs: 1000,
          firstByteTimeoutMs: 30000,
          idleTimeoutMs: 5000,
          maxRetryAfterMs: 0,
          maxInvocations: 40,
        },
        outputs: {},
      },
    ],
    [
      ['--json', 'r.json', '--junit', 'r.xml', '--html', 'r.html', '--baseline', 'b.txt'],
      {},
      {
        command: 'run',
        options: {},
        outputs: { json: 'r.json', junit: 'r.xml', html: 'r.html' },
        baselineFile: 'b.txt',
      },
    ],
  ])('%j with env %j', (argv, env, want) => {
    expect(parseCliArgs(argv, env)).toEqual(want);
  });

  it.each([
    [['--level', 'often'], /--level must be must, should or may/],
    [['--timeout', 'soon'], /--timeout needs a whole number/],
    [['--bogus'], /Unknown option/],
    [['--header', 'no colon'], /--header needs 'Name: value'/],
    [['--max-invocations', 'ten'], /--max-invocations needs a whole number/],
    [['run', 'now'], /unknown command/],
  ])('%j is a usage error', (argv, message) => {
    expect(() => parseCliArgs(argv)).toThrow(message);
  });
});

describe('the aip-conformance binary', () => {
  it('passes a selection of checks against the embedded reference server and writes the reports', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'aipc-'));
    const json = join(dir, 'out', 'report.json');
    const junit = join(dir, 'report.xml');
    const r = await cli(['--only', 'manifest.', '--only', 'version.', '--json', json, '--junit', junit], {
      NO_COLOR: '1',
    });
    expect(r.stdout).toMatch(/Result: PASS/);
    expect(r.stdout).not.toMatch(/\u001b\[/);
    expect(r.code).toBe(0);
    const report = JSON.parse(readFileSync(json, 'utf8')) as { results: unknown[]; target: { embedded: boolean } };
    expect(report.target.embedded).toBe(true);
    expect(report.results.length).toBeGreaterThan(5);
    expect(readFileSync(junit, 'utf8')).toMatch(/^<\?xml/);
  });

  it('exits 2 with the URL, the error and what to try when the target is unreachable', async () => {
    const gone = await serve(() => {});
    await gone.close();
    const r = await cli(['--url', gone.url, '--api-key', 'aipk_cli_key']);
    expect(r.code).toBe(2);
    expect(r.stdout).toContain(`Could not reach ${gone.url}/.well-known/aip/agent`);
    expect(r.stdout).toMatch(/connection refused/);
    expect(r.stdout).toMatch(/Check that --url is the base URL/);
  });

  it('exits 2 on a usage error and on a missing key for a remote target', async () => {
    const bad = await cli(['--level', 'often']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--level must be/);
    const nokey = await cli(['--url', 'http://127.0.0.1:9']);
    expect(nokey.code).toBe(2);
    expect(nokey.stderr).toMatch(/API key is required/);
  });

  it('refuses a run over --max-invocations and names the selections that fit', async () => {
    const r = await cli(['--max-invocations', '10']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/would send up to \d+ agent invocations, more than --max-invocations 10/);
    expect(r.stderr).toMatch(/Selections that fit \(invocations\): .*--only manifest\. \(0\)/);
  });

  it('lists every check with its level, section and requirement ids', async () => {
    const r = await cli(['list']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^events\.start-first\s+MUST\s+§11\s+core\s+\d+×\s+AIP-EVT-004$/m);
    expect(r.stdout).toMatch(/\d+ checks; a full run invokes agents up to \d+ times/);
  });
});
