/**
 * Runs a driver command through the shell in a process group of its own, feeds it the scenario
 * through AIP_* variables, timestamps each line it prints, keeps the tail of its stderr, and on
 * timeout (or cancellation) kills the whole group, so a driver that forks cannot outlive its run.
 */
import { spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';

/** Bounds on what a driver can make the runner keep. */
const MAX_STDOUT_BYTES = 16 * 1024 * 1024;
const MAX_STDERR_KEPT = 8 * 1024;

export interface PrintedLine {
  atMs: number;
  text: string;
}

export interface DriverRun {
  exitCode: number | null;
  signal: string | null;
  timedOut: boolean;
  /** Lines of stdout, in order, with the time each was complete. */
  lines: PrintedLine[];
  stdoutTruncated: boolean;
  /** The last MAX_STDERR_KEPT characters of stderr. */
  stderr: string;
  durationMs: number;
  /** The command could not be started at all. */
  spawnError?: string;
}

export interface DriverInput {
  command: string;
  env: Record<string, string>;
  timeoutMs: number;
  signal?: AbortSignal;
  /** Called once, when the first line is complete. */
  onFirstLine?: () => void;
  /** Called when the process is started (its clock starts here). */
  onStart?: (t0: number) => void;
}

function killGroup(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // The group is already gone.
  }
}

export function runDriver(input: DriverInput): Promise<DriverRun> {
  return new Promise((resolve) => {
    const t0 = performance.now();
    input.onStart?.(t0);
    const lines: PrintedLine[] = [];
    let pending = '';
    let stdoutBytes = 0;
    let stdoutTruncated = false;
    let stderr = '';
    let timedOut = false;
    let settled = false;
    const child = spawn(input.command, {
      shell: true,
      detached: true,
      env: { ...process.env, ...input.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const finish = (exitCode: number | null, signal: string | null, spawnError?: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      input.signal?.removeEventListener('abort', onAbort);
      killGroup(child.pid);
      if (pending) lines.push({ atMs: performance.now() - t0, text: pending });
      resolve({
        exitCode,
        signal,
        timedOut,
        lines,
        stdoutTruncated,
        stderr,
        durationMs: Math.round(performance.now() - t0),
        ...(spawnError ? { spawnError } : {}),
      });
    };
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup(child.pid);
    }, input.timeoutMs);
    const onAbort = () => killGroup(child.pid);
    input.signal?.addEventListener('abort', onAbort, { once: true });

    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (text: string) => {
      if (stdoutTruncated) return;
      stdoutBytes += Buffer.byteLength(text);
      if (stdoutBytes > MAX_STDOUT_BYTES) {
        stdoutTruncated = true;
        killGroup(child.pid);
        return;
      }
      pending += text;
      let nl = pending.indexOf('\n');
      while (nl >= 0) {
        const line = pending.slice(0, nl).replace(/\r$/, '');
        pending = pending.slice(nl + 1);
        if (lines.length === 0) input.onFirstLine?.();
        lines.push({ atMs: Math.round((performance.now() - t0) * 10) / 10, text: line });
        nl = pending.indexOf('\n');
      }
    });
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (text: string) => {
      stderr = (stderr + text).slice(-MAX_STDERR_KEPT);
    });
    child.on('error', (err) => finish(null, null, err.message));
    // 'close' waits for stdout and stderr to end, so every printed line is in.
    child.on('close', (code, signal) => finish(code, signal));
  });
}
