/**
 * Reference server throughput and memory. Run with `npm run bench:server`.
 *
 * Child processes on loopback: the reference server (port 0, :memory: SQLite) and a bare
 * node:http handler that replays byte-identical bodies recorded from it. This process drives them
 * with autocannon, in interleaved rounds so machine noise hits all alike, and reports the median
 * round and the spread of the ratios across rounds. The targets:
 *   - JSON invokes of `echo`: at least 0.5x the bare handler's requests/s;
 *   - model-shaped streams: `tokens`, a bench agent plugged in through the public Agent interface,
 *     streams 100 one-token `text_delta` events; at least 1x the bare handler that writes the
 *     recorded stream one `res.write` per event ("bare, per event"), as a hub must flush each
 *     event as it is produced. A bare handler that writes the whole stream in one `res.write`
 *     ("bare, one write") does less than the protocol lets a hub do; it is printed for
 *     transparency and judges nothing. (The reference gathers the events an agent produces within
 *     one tick into one write; the synchronous bench agent produces its stream in one tick.)
 *   - 1,000 idle streams: at most 100 MB of RSS growth.
 * The same file is the children's entry point (`--child=reference|bare`).
 */
import { fork, type ChildProcess } from 'node:child_process';
import {
  createServer as createHttpServer,
  request as httpRequest,
  type ClientRequest,
  type OutgoingHttpHeaders,
  type ServerResponse,
} from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import type { Agent } from '../reference-server/index.ts';

const KEY = 'rt_bench_key';
const ROUNDS = 3;
const ROUND_SECONDS = 3;
const WARMUP_SECONDS = 1;
const CONNECTIONS = 32;
const IDLE_STREAMS = 1000;
const TARGETS = { json: 0.5, tokens: 1, idleMb: 100 };

const TOKENS_PER_STREAM = 100;

const JSON_BODY = JSON.stringify({ agent: 'echo', prompt: 'Benchmark this endpoint, please.' });
const IDLE_BODY = JSON.stringify({ agent: 'idle', prompt: 'wait', stream: true });
const STREAMS = {
  tokens: JSON.stringify({ agent: 'tokens', prompt: 'Benchmark this endpoint, please.', stream: true }),
} as const;
type StreamName = keyof typeof STREAMS;
const STREAM_NAMES = Object.keys(STREAMS) as StreamName[];
/** Bare paths: `/json`, and `/<stream>/per-event` and `/<stream>/one-write` for every stream. */
const bareStreamPath = (name: StreamName, mode: 'per-event' | 'one-write') => `/${name}/${mode}`;

// ---------------------------------------------------------------------------------------------
// Children

const WORDS = ['the', 'agent', 'reads', 'its', 'context', 'and', 'streams', 'an', 'answer', 'token', 'by', 'token.'];

type ToParent = { kind: 'ready'; url: string } | { kind: 'rss'; bytes: number } | { kind: 'cpu'; micros: number };
type ToChild = { kind: 'rss' } | { kind: 'cpu' } | { kind: 'replay'; recording: Recording };

interface RecordedStream {
  headers: OutgoingHttpHeaders;
  events: string[];
}

interface Recording {
  json: { headers: OutgoingHttpHeaders; body: string };
  streams: Record<StreamName, RecordedStream>;
}

const role = process.argv.find((a) => a.startsWith('--child='))?.slice('--child='.length);

/** Children report their RSS (after a full GC) and the CPU time they have used, on request. */
function answerProbes(): void {
  process.on('message', (m: ToChild) => {
    if (m.kind === 'rss') {
      (globalThis as { gc?: () => void }).gc?.();
      process.send!({ kind: 'rss', bytes: process.memoryUsage().rss } satisfies ToParent);
    } else if (m.kind === 'cpu') {
      const { user, system } = process.cpuUsage();
      process.send!({ kind: 'cpu', micros: user + system } satisfies ToParent);
    }
  });
}

async function referenceChild(): Promise<void> {
  const { createServer, REFERENCE_AGENTS, createSlowAgent } = await import('../reference-server/index.ts');
  const tokens: Agent = {
    manifest: {
      id: 'tokens',
      name: 'Tokens',
      version: '1.0.0',
      description: `Bench agent: ${TOKENS_PER_STREAM} one-token text deltas, as a model streams.`,
      capabilities: { streaming: true },
      context_requirements: { max_tokens: 8000, supported_block_types: ['conversation'] },
      tools: [],
      models: [],
      stream: true,
    },
    *run() {
      for (let i = 0; i < TOKENS_PER_STREAM; i++)
        yield { type: 'text', content: `${i === 0 ? '' : ' '}${WORDS[i % WORDS.length]}` };
    },
  };
  const server = createServer({
    apiKeys: [KEY],
    db: ':memory:',
    agents: [...REFERENCE_AGENTS, createSlowAgent({ id: 'idle', pieces: 1, intervalMs: 600_000 }), tokens],
  });
  const { url } = await server.listen(0, '127.0.0.1');
  answerProbes();
  process.send!({ kind: 'ready', url } satisfies ToParent);
  process.on('disconnect', () => void server.close().then(() => process.exit(0)));
}

function bareChild(): void {
  process.once('message', (m: ToChild) => {
    if (m.kind !== 'replay') return;
    const { json, streams } = m.recording;
    const jsonBody = Buffer.from(json.body);
    const replays = new Map<string, (res: ServerResponse) => void>();
    for (const name of STREAM_NAMES) {
      const { headers, events } = streams[name];
      const whole = events.join('');
      replays.set(bareStreamPath(name, 'per-event'), (res) => {
        res.writeHead(200, headers);
        for (const event of events) res.write(event);
        res.end();
      });
      replays.set(bareStreamPath(name, 'one-write'), (res) => {
        res.writeHead(200, headers);
        res.write(whole);
        res.end();
      });
    }
    const server = createHttpServer((req, res) => {
      req.resume();
      req.on('end', () => {
        const replay = replays.get(req.url ?? '');
        if (replay) return replay(res);
        res.writeHead(200, { ...json.headers, 'content-length': jsonBody.length });
        res.end(jsonBody);
      });
    });
    answerProbes();
    server.listen(0, '127.0.0.1', () => {
      process.send!({
        kind: 'ready',
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      } satisfies ToParent);
    });
    process.on('disconnect', () => process.exit(0));
  });
}

// ---------------------------------------------------------------------------------------------
// Driver

interface AutocannonResult {
  requests: { average: number; total: number };
  latency: { p99: number };
  non2xx: number;
  errors: number;
  timeouts: number;
}
type Autocannon = (options: {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: string;
  connections: number;
  duration: number;
}) => Promise<AutocannonResult>;
// autocannon ships no type declarations; this is the slice of its API the bench uses.
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

interface Child {
  process: ChildProcess;
  url: string;
  rss(): Promise<number>;
  cpu(): Promise<number>;
}

function startChild(kind: 'reference' | 'bare', setup?: ToChild): Promise<Child> {
  const child = fork(fileURLToPath(import.meta.url), [`--child=${kind}`], {
    execArgv: ['--import', 'tsx', '--expose-gc'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  if (setup) child.send(setup);
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`${kind} child exited with ${code}`)));
    child.once('message', (m: ToParent) => {
      if (m.kind !== 'ready') return reject(new Error(`unexpected message from ${kind}`));
      const ask = (kind: 'rss' | 'cpu') =>
        new Promise<number>((done) => {
          child.once('message', (r: ToParent) => done(r.kind === 'rss' ? r.bytes : r.kind === 'cpu' ? r.micros : NaN));
          child.send({ kind } satisfies ToChild);
        });
      resolve({ process: child, url: m.url, rss: () => ask('rss'), cpu: () => ask('cpu') });
    });
  });
}

async function record(url: string): Promise<Recording> {
  const call = async (body: string) => {
    const r = await fetch(`${url}/v1/aip/invoke`, {
      method: 'POST',
      headers: { 'X-API-Key': KEY, 'Content-Type': 'application/json' },
      body,
    });
    const headers: OutgoingHttpHeaders = {};
    for (const name of ['content-type', 'cache-control', 'x-accel-buffering', 'x-request-id']) {
      const value = r.headers.get(name);
      if (value !== null) headers[name] = value;
    }
    return { status: r.status, headers, text: await r.text() };
  };
  const json = await call(JSON_BODY);
  if (json.status !== 200) throw new Error('recording the JSON invoke failed');
  const streams = {} as Record<StreamName, RecordedStream>;
  for (const name of STREAM_NAMES) {
    const stream = await call(STREAMS[name]);
    if (stream.status !== 200 || !stream.text.includes('event: complete'))
      throw new Error(`recording the ${name} stream failed`);
    streams[name] = { headers: stream.headers, events: stream.text.split(/(?<=\n\n)/) };
  }
  return { json: { headers: json.headers, body: json.text }, streams };
}

interface Round {
  rps: number;
  p99: number;
  /** Server CPU time (user + system) per request, in microseconds. */
  cpuPerRequest: number;
}

async function round(server: Child, url: string, body: string, seconds: number): Promise<Round> {
  const cpuBefore = await server.cpu();
  const r = await autocannon({
    url,
    method: 'POST',
    headers: { 'X-API-Key': KEY, 'Content-Type': 'application/json' },
    body,
    connections: CONNECTIONS,
    duration: seconds,
  });
  const cpuAfter = await server.cpu();
  if (r.non2xx > 0 || r.errors > 0 || r.timeouts > 0)
    throw new Error(`${url}: ${r.non2xx} non-2xx, ${r.errors} errors, ${r.timeouts} timeouts`);
  return { rps: r.requests.average, p99: r.latency.p99, cpuPerRequest: (cpuAfter - cpuBefore) / r.requests.total };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

interface Target {
  server: Child;
  url: string;
}

interface Summary extends Round {
  /** The rounds themselves, in order, so ratios can be taken round by round. */
  rounds: Round[];
}

/**
 * Runs every target for ROUNDS rounds, interleaved (ref, bare₁, bare₂, ref, …), after one warm-up
 * round each. Interleaving matters on a shared machine: a burst of foreign load then lands in
 * one round of every target instead of in all rounds of one.
 */
async function compare(targets: Target[], body: string): Promise<Summary[]> {
  for (const t of targets) await round(t.server, t.url, body, WARMUP_SECONDS);
  const rounds: Round[][] = targets.map(() => []);
  for (let i = 0; i < ROUNDS; i++) {
    for (const [k, t] of targets.entries()) rounds[k]!.push(await round(t.server, t.url, body, ROUND_SECONDS));
  }
  return rounds.map((rs) => ({
    rps: median(rs.map((r) => r.rps)),
    p99: median(rs.map((r) => r.p99)),
    cpuPerRequest: median(rs.map((r) => r.cpuPerRequest)),
    rounds: rs,
  }));
}

/** Median ratio of reference to bare requests/s over same-index rounds, with its range. */
function ratioOf(ref: Summary, bare: Summary): { median: number; min: number; max: number } {
  const ratios = ref.rounds.map((r, i) => r.rps / bare.rounds[i]!.rps);
  return { median: median(ratios), min: Math.min(...ratios), max: Math.max(...ratios) };
}

/** Opens `count` streams of the idle agent and resolves once every one has received `start`. */
async function openIdleStreams(url: string, count: number): Promise<ClientRequest[]> {
  const requests: ClientRequest[] = [];
  const started: Array<Promise<void>> = [];
  for (let i = 0; i < count; i++) {
    started.push(
      new Promise((resolve, reject) => {
        const req = httpRequest(
          `${url}/v1/aip/invoke`,
          { method: 'POST', headers: { 'X-API-Key': KEY, 'Content-Type': 'application/json' }, agent: false },
          (res) => {
            let seen = '';
            res.on('data', (chunk: Buffer) => {
              seen += chunk.toString('utf8');
              if (seen.includes('event: start')) resolve();
            });
          },
        );
        req.on('error', reject);
        req.end(IDLE_BODY);
        requests.push(req);
      }),
    );
  }
  await Promise.all(started);
  return requests;
}

const mb = (bytes: number) => bytes / (1024 * 1024);
const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}x`;
const verdict = (ok: boolean) => (ok ? 'meets target' : 'MISSES target');

interface StreamResult {
  name: StreamName;
  events: number;
  ref: Summary;
  perEvent: Summary;
  oneWrite: Summary;
}

async function main(): Promise<void> {
  const t0 = Date.now();
  console.log(`Node.js ${process.version} on ${process.platform}-${process.arch}`);
  const reference = await startChild('reference');
  const recording = await record(reference.url);
  const bare = await startChild('bare', { kind: 'replay', recording });
  try {
    const ref = { server: reference, url: `${reference.url}/v1/aip/invoke` };
    const [jsonRef, jsonBare] = await compare([ref, { server: bare, url: `${bare.url}/json` }], JSON_BODY);
    const streams: StreamResult[] = [];
    for (const name of STREAM_NAMES) {
      const [streamRef, perEvent, oneWrite] = await compare(
        [
          ref,
          { server: bare, url: `${bare.url}${bareStreamPath(name, 'per-event')}` },
          { server: bare, url: `${bare.url}${bareStreamPath(name, 'one-write')}` },
        ],
        STREAMS[name],
      );
      streams.push({
        name,
        events: recording.streams[name].events.length,
        ref: streamRef!,
        perEvent: perEvent!,
        oneWrite: oneWrite!,
      });
    }

    // A fresh server, so the throughput runs' garbage does not blur the measurement.
    reference.process.disconnect();
    const idle = await startChild('reference');
    const idleBefore = await idle.rss();
    const idleStreams = await openIdleStreams(idle.url, IDLE_STREAMS);
    const idleAfter = await idle.rss();
    for (const s of idleStreams) s.destroy();
    idle.process.disconnect();
    const idleGrowthMb = mb(idleAfter - idleBefore);

    const jsonRatio = ratioOf(jsonRef!, jsonBare!);
    const spread = (r: { min: number; max: number }) => `rounds ${r.min.toFixed(2)}–${r.max.toFixed(2)}x`;
    const cell = (value: number) => value.toFixed(0).padStart(10);
    const row = (name: string, unit: string, refValue: number, ...bareValues: number[]) =>
      `${name.padEnd(30)} ${cell(refValue)} ${bareValues.map((b) => `${cell(b)} ${ratio(refValue, b).padStart(7)}`).join(' ')}  ${unit}`;
    const streamTable = (s: StreamResult) => [
      `${`streams (${s.name})`.padEnd(30)} ${'reference'.padStart(10)} ${'bare (b)'.padStart(10)} ${'ref/(b)'.padStart(7)} ${'bare (a)'.padStart(10)} ${'ref/(a)'.padStart(7)}`,
      row('stream invoke', 'streams/s', s.ref.rps, s.perEvent.rps, s.oneWrite.rps),
      row(
        `stream events (${s.events}/stream)`,
        'events/s',
        s.ref.rps * s.events,
        s.perEvent.rps * s.events,
        s.oneWrite.rps * s.events,
      ),
      row('stream invoke p99 latency', 'ms', s.ref.p99, s.perEvent.p99, s.oneWrite.p99),
      row(
        'stream invoke server CPU',
        'µs/stream',
        s.ref.cpuPerRequest,
        s.perEvent.cpuPerRequest,
        s.oneWrite.cpuPerRequest,
      ),
      '',
    ];
    const tokens = streams.find((s) => s.name === 'tokens')!;
    const tokensOneWrite = ratioOf(tokens.ref, tokens.oneWrite);
    const tokensPerEvent = ratioOf(tokens.ref, tokens.perEvent);
    const lines = [
      `AIP reference server benchmark — ${CONNECTIONS} connections, median of ${ROUNDS} interleaved ${ROUND_SECONDS}s rounds, loopback`,
      '',
      `${'JSON invokes'.padEnd(30)} ${'reference'.padStart(10)} ${'bare'.padStart(10)} ${'ref/bare'.padStart(7)}`,
      row('JSON invoke (echo)', 'req/s', jsonRef!.rps, jsonBare!.rps),
      row('JSON invoke p99 latency', 'ms', jsonRef!.p99, jsonBare!.p99),
      row('JSON invoke server CPU', 'µs/request', jsonRef!.cpuPerRequest, jsonBare!.cpuPerRequest),
      '',
      ...streams.flatMap(streamTable),
      '  (b) bare, per event: one res.write per event, as a hub must flush events as produced — the stream target is judged against (b)',
      '  (a) bare, one write: the whole recorded stream in one res.write — less work than the protocol allows a hub; shown for transparency only',
      `  tokens: ${TOKENS_PER_STREAM} one-token text deltas, as a model streams, all produced in one tick (the reference writes them in one write)`,
      '',
      `${IDLE_STREAMS} idle streams (all past \`start\`): reference RSS ${mb(idleBefore).toFixed(1)} MB idle → ${mb(idleAfter).toFixed(1)} MB with the streams open (+${idleGrowthMb.toFixed(1)} MB, ${((idleGrowthMb * 1024) / IDLE_STREAMS).toFixed(1)} KB/stream)`,
      '',
      `targets (median of per-round ratios):`,
      `  JSON req/s ≥ ${TARGETS.json.toFixed(2)}x bare: ${jsonRatio.median.toFixed(2)}x (${spread(jsonRatio)}) ${verdict(jsonRatio.median >= TARGETS.json)}`,
      `  model-shaped stream events/s ≥ ${TARGETS.tokens.toFixed(2)}x bare (b): ${tokensPerEvent.median.toFixed(2)}x (${spread(tokensPerEvent)}) ${verdict(tokensPerEvent.median >= TARGETS.tokens)}`,
      `  [not a target] model-shaped streams vs bare (a), one write: ${tokensOneWrite.median.toFixed(2)}x (${spread(tokensOneWrite)})`,
      `  idle-stream growth ≤ ${TARGETS.idleMb} MB: +${idleGrowthMb.toFixed(1)} MB ${verdict(idleGrowthMb <= TARGETS.idleMb)}`,
      `(${((Date.now() - t0) / 1000).toFixed(0)} s total)`,
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
    if (jsonRatio.median < TARGETS.json || tokensPerEvent.median < TARGETS.tokens || idleGrowthMb > TARGETS.idleMb)
      process.exitCode = 1;
  } finally {
    if (reference.process.connected) reference.process.disconnect();
    bare.process.disconnect();
  }
}

if (role === 'reference') await referenceChild();
else if (role === 'bare') bareChild();
else await main();
