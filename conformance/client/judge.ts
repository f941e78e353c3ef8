/**
 * Judges one scenario run: the driver's transcript and exit code against the expected ones, the
 * requests the hub received, and the timing of what the driver printed. Returns findings, each
 * naming the requirements it shows violated; no findings means the scenario passed.
 */
import { EVENT_NAMES, validate } from '../../src/index.ts';
import type { DriverRun } from './driver.ts';
import { INVOKE_PATHS, type Exchange } from './hub.ts';
import type { Scenario, TranscriptLine } from './types.ts';

export interface Finding {
  message: string;
  violated: string[];
}

const CATALOGUE: ReadonlySet<string> = new Set(EVENT_NAMES);
const REQUEST_RULES = new Set(['AIP-RCV-001', 'AIP-RCV-002', 'AIP-RCV-003', 'AIP-RCV-004', 'AIP-VER-003']);

type Parsed = { ok: true; line: TranscriptLine } | { ok: false; text: string; reason: string };

/** One stdout line read under the driver contract. */
export function parseLine(text: string): Parsed {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, text, reason: 'is not JSON' };
  }
  if (!value || typeof value !== 'object' || Array.isArray(value))
    return { ok: false, text, reason: 'is not an object' };
  const o = value as Record<string, unknown>;
  if (typeof o.event === 'string' && 'data' in o) return { ok: true, line: { event: o.event, data: o.data } };
  if ('response' in o) return { ok: true, line: { response: o.response } };
  const f = o.failure as Record<string, unknown> | undefined;
  if (f && typeof f === 'object') {
    const status = f.status;
    const code = f.code;
    if ((status === null || Number.isInteger(status)) && (code === null || typeof code === 'string'))
      return { ok: true, line: { failure: { status: status as number | null, code: code as string | null } } };
    return {
      ok: false,
      text,
      reason: 'has a failure whose status is not an integer or null, or code not a string or null',
    };
  }
  return { ok: false, text, reason: 'has none of "event" with "data", "response" or "failure"' };
}

/** Extension and unknown events may be printed or left out (AIP-EXT-003), so neither side counts them. */
const counted = (l: TranscriptLine) => !('event' in l) || CATALOGUE.has(l.event);

/** Deep equality where members named in `optional` may be missing from `actual` (AIP-EXT-002). */
export function matches(expected: unknown, actual: unknown, optional: ReadonlySet<string>): boolean {
  if (expected === null || typeof expected !== 'object') return expected === actual;
  if (Array.isArray(expected)) {
    return (
      Array.isArray(actual) &&
      actual.length === expected.length &&
      expected.every((e, i) => matches(e, actual[i], optional))
    );
  }
  if (!actual || typeof actual !== 'object' || Array.isArray(actual)) return false;
  const e = expected as Record<string, unknown>;
  const a = actual as Record<string, unknown>;
  for (const k of Object.keys(a)) if (!Object.hasOwn(e, k)) return false;
  for (const [k, v] of Object.entries(e)) {
    if (!Object.hasOwn(a, k)) {
      if (!optional.has(k)) return false;
    } else if (!matches(v, a[k], optional)) return false;
  }
  return true;
}

function lineMatches(expected: TranscriptLine, actual: TranscriptLine, optional: ReadonlySet<string>): boolean {
  if ('failure' in expected)
    return (
      'failure' in actual &&
      actual.failure.status === expected.failure.status &&
      actual.failure.code === expected.failure.code
    );
  return matches(expected, actual, optional);
}

/** A transcript line as one short JSON line (long strings cut) for messages and diffs. */
export function show(line: TranscriptLine | string): string {
  if (typeof line === 'string') return line.length > 300 ? `${line.slice(0, 300)}… (${line.length} chars)` : line;
  return JSON.stringify(line, (_k, v: unknown) =>
    typeof v === 'string' && v.length > 120 ? `${v.slice(0, 60)}…(${v.length} chars)…${v.slice(-20)}` : v,
  );
}

/** A line diff (longest common subsequence): "  " same, "- " expected only, "+ " printed only. */
export function diff(
  expected: TranscriptLine[],
  actual: Array<TranscriptLine | string>,
  same: (e: TranscriptLine, a: TranscriptLine | string) => boolean,
): string[] {
  const n = expected.length;
  const m = actual.length;
  const lcs = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--)
    for (let j = m - 1; j >= 0; j--)
      lcs[i]![j] = same(expected[i]!, actual[j]!)
        ? lcs[i + 1]![j + 1]! + 1
        : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
  const out: string[] = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && same(expected[i]!, actual[j]!)) {
      out.push(`  ${show(actual[j]!)}`);
      i++;
      j++;
    } else if (i < n && (j === m || lcs[i + 1]![j]! >= lcs[i]![j + 1]!)) out.push(`- ${show(expected[i++]!)}`);
    else out.push(`+ ${show(actual[j++]!)}`);
  }
  return out;
}

export interface TranscriptVerdict {
  findings: Finding[];
  expectedLines: string[];
  diffLines: string[];
  /** The expected transcript in one line: what each line is, and the exit code. */
  summary: string;
}

function transcriptRequirements(scenario: Scenario): string[] {
  const own = scenario.requirements.filter((id) => !REQUEST_RULES.has(id));
  return own.length > 0 ? own : [...scenario.requirements];
}

/** The transcript and the exit code against the scenario's expectation. */
export function judgeTranscript(scenario: Scenario, run: DriverRun): TranscriptVerdict {
  const optional = new Set(scenario.expect.optionalMembers ?? []);
  const violated = transcriptRequirements(scenario);
  const findings: Finding[] = [];
  const printed = run.lines.filter((l) => l.text.trim() !== '').map((l) => parseLine(l.text.trim()));
  const bad = printed.filter((p) => !p.ok);
  if (bad.length > 0) {
    const first = bad[0] as Extract<Parsed, { ok: false }>;
    findings.push({
      message: `The driver broke the output contract: ${bad.length} stdout line(s) are not transcript lines; the first, ${show(first.text)}, ${first.reason}.`,
      violated,
    });
  }
  const actual = printed.map((p) => (p.ok ? p.line : p.text)).filter((l) => typeof l === 'string' || counted(l));
  const expected = scenario.expect.transcript.filter(counted);
  const same = (e: TranscriptLine, a: TranscriptLine | string) => typeof a !== 'string' && lineMatches(e, a, optional);
  const equal = actual.length === expected.length && expected.every((e, i) => same(e, actual[i]!));
  const diffLines = equal ? [] : diff(expected, actual, same);
  if (!equal) {
    const at = expected.findIndex((e, i) => i >= actual.length || !same(e, actual[i]!));
    const where = at < 0 ? expected.length : at;
    findings.push({
      message:
        where < expected.length
          ? `The transcript differs from line ${where + 1}: expected ${show(expected[where]!)}, the driver printed ${where < actual.length ? show(actual[where]!) : 'nothing more'}.`
          : `The driver printed ${actual.length - expected.length} line(s) more than expected, from ${show(actual[expected.length]!)}.`,
      violated,
    });
  }
  if (run.timedOut) {
    findings.push({
      message: 'The driver did not finish within the scenario timeout; its process group was killed.',
      violated,
    });
  } else if (run.spawnError) {
    findings.push({ message: `The driver command could not be started: ${run.spawnError}.`, violated });
  } else if (run.exitCode !== scenario.expect.exit) {
    findings.push({
      message:
        scenario.expect.exit === 0
          ? `The driver exited ${run.exitCode ?? `on signal ${run.signal}`}, but the library should have reported success.`
          : `The driver exited ${run.exitCode ?? `on signal ${run.signal}`}, but the library should have reported a failure (exit 1).`,
      violated,
    });
  }
  const expectedLines = [...expected.map((l) => show(l)), `exit ${scenario.expect.exit}`];
  const summary = `${expected.map((l) => ('event' in l ? l.event : 'response' in l ? 'response' : `failure ${l.failure.status ?? 'null'} ${l.failure.code ?? 'null'}`)).join(', ')}; exit ${scenario.expect.exit}`;
  return { findings, expectedLines, diffLines, summary };
}

const mediaType = (value: string | undefined) => (value ?? '').split(';')[0]!.trim().toLowerCase();

/** Whether every member of `given` is in `sent` with the same value (a library may add defaults). */
function contains(sent: unknown, given: unknown): boolean {
  if (given === null || typeof given !== 'object' || Array.isArray(given))
    return JSON.stringify(sent) === JSON.stringify(given);
  if (!sent || typeof sent !== 'object') return false;
  return Object.entries(given).every(([k, v]) => contains((sent as Record<string, unknown>)[k], v));
}

/** The invoke requests the hub received against AIP-RCV-001…004 and AIP-VER-003. */
export function judgeRequests(scenario: Scenario, exchanges: Exchange[], apiKey: string): Finding[] {
  const findings: Finding[] = [];
  const path = INVOKE_PATHS[scenario.request.endpoint];
  const invokes = exchanges.filter((e) => e.request.method !== 'GET');
  if (!invokes.some((e) => e.request.method === 'POST' && e.request.path === path))
    findings.push({
      message: `The driver sent no request to POST ${path}, so whatever it printed did not come from the hub.`,
      violated: [...scenario.requirements],
    });
  if (scenario.judge.shape) {
    const first = invokes[0];
    if (!first) {
      findings.push({ message: 'The driver sent no invoke request.', violated: ['AIP-RCV-002'] });
      return findings;
    }
    const r = first.request;
    if (r.method !== 'POST' || r.path !== path)
      findings.push({
        message: `The invoke request went to ${r.method} ${r.path}; expected POST ${path}.`,
        violated: ['AIP-RCV-002'],
      });
    if (r.headers['x-api-key'] !== apiKey)
      findings.push({
        message: `The request's X-API-Key ${r.headers['x-api-key'] === undefined ? 'is missing' : 'is not the key in AIP_API_KEY'}.`,
        violated: ['AIP-RCV-001'],
      });
    if (mediaType(r.headers['content-type']) !== 'application/json')
      findings.push({
        message: `The request's Content-Type is ${r.headers['content-type'] === undefined ? 'missing' : JSON.stringify(r.headers['content-type'])}; expected application/json.`,
        violated: ['AIP-RCV-002'],
      });
    let body: unknown;
    try {
      body = JSON.parse(r.body);
    } catch {
      findings.push({ message: 'The request body is not JSON.', violated: ['AIP-RCV-002'] });
    }
    if (body !== undefined) {
      const schema = scenario.request.endpoint === 'hub' ? 'hub-invoke-request' : 'portable-invoke-request';
      const checked = validate(schema, body);
      if (!checked.ok)
        findings.push({
          message: `The request body is not a valid ${schema}: ${checked.violations
            .slice(0, 3)
            .map((v) => `${v.pointer || '/'} ${v.message}`)
            .join('; ')}.`,
          violated: ['AIP-RCV-002'],
        });
      if (!contains(body, scenario.request.body))
        findings.push({
          message: `The request body does not carry every member of the body in AIP_REQUEST unchanged (sent ${show(r.body)}).`,
          violated: ['AIP-RCV-002'],
        });
      if (scenario.request.endpoint === 'portable') {
        const version = (body as Record<string, unknown>)?.aip_version;
        if (version === undefined)
          findings.push({ message: 'The portable request body has no aip_version.', violated: ['AIP-RCV-003'] });
        else if (version !== '0.1.0')
          findings.push({
            message: `The portable request sent aip_version ${JSON.stringify(version)}; the hub's manifest reports "0.1.0".`,
            violated: ['AIP-VER-003'],
          });
      }
    }
    if (scenario.request.endpoint === 'portable' && r.headers['x-aip-agent'] !== scenario.request.agent)
      findings.push({
        message: `The portable request's X-AIP-Agent is ${r.headers['x-aip-agent'] === undefined ? 'missing' : JSON.stringify(r.headers['x-aip-agent'])}; expected ${JSON.stringify(scenario.request.agent)}.`,
        violated: ['AIP-RCV-003'],
      });
  }
  const wait = scenario.judge.retryAfterMs;
  if (wait !== undefined) {
    for (let i = 1; i < invokes.length; i++) {
      const gap = invokes[i]!.request.atMs - invokes[i - 1]!.request.atMs;
      // 50 ms of slack for timer granularity on the runner's side.
      if (gap < wait - 50)
        findings.push({
          message: `The driver repeated the request ${gap} ms after a 429 whose Retry-After asked for ${wait / 1000} s.`,
          violated: ['AIP-RCV-004'],
        });
    }
  }
  return findings;
}

/** Incremental delivery: a hold the driver did not release by printing means it buffered (AIP-RCV-009). */
export function judgeHolds(exchanges: Exchange[]): Finding[] {
  return exchanges.flatMap((e) =>
    e.holds
      .filter((h) => h.released === 'max')
      .map((h) => ({
        message: `The hub held the stream open for ${h.waitedMs} ms after the first event and the driver printed nothing meanwhile: its library did not hand the event over until more arrived.`,
        violated: ['AIP-RCV-009'],
      })),
  );
}
