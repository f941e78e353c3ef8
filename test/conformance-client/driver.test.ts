/**
 * The driver runner: lines are timestamped as printed, the scenario variables reach the command,
 * and a timeout kills the driver's whole process group, children included.
 */
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runDriver } from '../../conformance/client/driver.ts';

/** Running, as opposed to gone or a zombie waiting for a reaper that a container may not have. */
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return true;
  }
};

describe('runDriver', () => {
  it('passes the AIP_* variables through the shell and keeps stdout lines and stderr', async () => {
    const run = await runDriver({
      command: 'echo "$AIP_SCENARIO"; echo oops >&2; printf "%s" "$AIP_REQUEST"; exit 3',
      env: { AIP_SCENARIO: 'framing.lf.whole', AIP_REQUEST: '{"endpoint":"hub"}' },
      timeoutMs: 5000,
    });
    expect(run.lines.map((l) => l.text)).toEqual(['framing.lf.whole', '{"endpoint":"hub"}']);
    expect(run.exitCode).toBe(3);
    expect(run.stderr).toBe('oops\n');
    expect(run.timedOut).toBe(false);
  });

  it('kills the whole process group at the timeout, so a forked child does not survive', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'aip-driver-'));
    const pidFile = join(dir, 'child.pid');
    const started = Date.now();
    const run = await runDriver({
      command: `sleep 30 & echo $! > "${pidFile}"; echo first; sleep 30`,
      env: {},
      timeoutMs: 600,
    });
    expect(Date.now() - started).toBeLessThan(5000);
    expect(run.timedOut).toBe(true);
    expect(run.lines.map((l) => l.text)).toEqual(['first']);
    expect(existsSync(pidFile)).toBe(true);
    const child = Number(readFileSync(pidFile, 'utf8'));
    await new Promise((r) => setTimeout(r, 100));
    expect(alive(child)).toBe(false);
  });

  it('reports a command the shell cannot run as a failed run, not a crash', async () => {
    const run = await runDriver({ command: 'no-such-driver-command-xyz', env: {}, timeoutMs: 5000 });
    expect(run.exitCode).toBe(127);
    expect(run.stderr).toMatch(/not found/);
  });
});
