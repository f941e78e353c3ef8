/**
 * `aip-conformance client`: argument parsing, the scenario list, and usage errors exiting 2.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { listScenarios, parseClientArgs } from '../../conformance/client/cli.ts';
import { clientScenarios, UsageError } from '../../conformance/index.ts';

const BIN = fileURLToPath(new URL('../../bin/aip-conformance.js', import.meta.url));

describe('aip-conformance client', () => {
  it('parses the options of a run, with AIP_SCENARIO as one more --only', () => {
    const args = parseClientArgs(
      ['--command', 'python3 d.py', '--only', 'framing.', '--level', 'MUST', '--timeout', '5000', '--json', 'r.json'],
      { AIP_SCENARIO: 'errors.502-html' },
    );
    expect(args.command).toBe('run');
    expect(args.options).toEqual({
      command: 'python3 d.py',
      only: ['framing.', 'errors.502-html'],
      level: 'must',
      timeoutMs: 5000,
    });
    expect(args.outputs).toEqual({ json: 'r.json' });
    expect(parseClientArgs(['list']).command).toBe('list');
  });

  it.each([[['--timeout', 'soon']], [['--level', 'always']], [['--url', 'http://x']], [['run']]])(
    'rejects %j as a usage error',
    (argv) => {
      expect(() => parseClientArgs(argv)).toThrow(UsageError);
    },
  );

  it('lists every scenario with its level, section and requirement ids', () => {
    const text = listScenarios();
    for (const s of clientScenarios()) expect(text).toContain(s.id);
    expect(text).toMatch(/^framing\.cr\.bytes +MUST +§10 +AIP-STR-004$/m);
    expect(text.trim().split('\n').at(-1)).toBe(`${clientScenarios().length} scenarios`);
  });

  it('exits 2 with a usage message when nothing matches --only, and lists through the bin', () => {
    const bad = spawnSync(process.execPath, [BIN, 'client', '--only', 'no-such-scenario'], { encoding: 'utf8' });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/no scenario matches --only no-such-scenario/);
    const list = execFileSync(process.execPath, [BIN, 'client', 'list'], { encoding: 'utf8' });
    expect(list).toContain('requests.portable-stream');
  });
});
