/**
 * SSE parser throughput: aip-kit/sse against eventsource-parser 3.1.1 on the same byte chunks.
 * Run with `npm run bench:sse`; without a JIT (as on runtimes that forbid one) with
 * `node --jitless --import tsx bench/sse.bench.ts`. Rounds are interleaved (ours, theirs, ceiling) so machine noise
 * hits all three alike; the reported figure is the median round, the spread is best..worst.
 */
import { createParser as createEsp } from 'eventsource-parser';
import { createParser } from '../src/sse/index.ts';

const WARMUP_ROUNDS = 2;
const ROUNDS = 9;
const CHUNK = 16 * 1024;

interface Case {
  name: string;
  chunks: Uint8Array[];
  bytes: number;
}

interface Outcome {
  events: number;
  dataChars: number;
}

/** Deterministic PRNG (mulberry32) so every run parses the same bytes. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = [
  'the',
  'agent',
  'context',
  'session',
  'block',
  'token',
  'stream',
  'invoke',
  'result',
  'tool',
  'file',
  'and',
];
const WIDE = ['上下文', 'сессия', 'Größe', 'naïve', '🚀', 'données', '会话', 'ブロック', 'élan', '✓'];

function sentence(next: () => number, words: string[], count: number): string {
  let s = '';
  for (let i = 0; i < count; i++) s += (i ? ' ' : '') + words[Math.floor(next() * words.length)];
  return s;
}

/** Typical AIP traffic: mostly text_delta events of a few words, with an id on some. */
function smallEvents(targetBytes: number, eol: string, words: string[], seed: number): string {
  const next = random(seed);
  const parts: string[] = [];
  let size = 0;
  for (let i = 0; size < targetBytes; i++) {
    const content = JSON.stringify({ type: 'text_delta', content: sentence(next, words, 1 + Math.floor(next() * 8)) });
    const id = i % 10 === 0 ? `id: ${i}${eol}` : '';
    const event = `event: text_delta${eol}${id}data: ${content}${eol}${eol}`;
    parts.push(event);
    size += event.length;
  }
  return parts.join('');
}

function largeEvents(count: number, seed: number): string {
  const next = random(seed);
  const parts: string[] = [];
  for (let i = 0; i < count; i++) {
    const size = 256 * 1024 + Math.floor(next() * 512 * 1024);
    let blob = '';
    while (blob.length < size) blob += `${sentence(next, WORDS, 64)} `;
    parts.push(`event: file_edit\ndata: ${JSON.stringify({ path: `src/f${i}.ts`, content: blob })}\n\n`);
  }
  return parts.join('');
}

function chunked(text: string, size: number): Case['chunks'] {
  const bytes = new TextEncoder().encode(text);
  const chunks: Uint8Array[] = [];
  for (let i = 0; i < bytes.length; i += size) chunks.push(bytes.subarray(i, Math.min(i + size, bytes.length)));
  return chunks;
}

/** One chunk per event, as a server that flushes after every event delivers them. */
function perEvent(text: string): Case['chunks'] {
  const bytes = new TextEncoder().encode(text);
  const chunks: Uint8Array[] = [];
  let start = 0;
  for (let i = 1; i < bytes.length; i++) {
    if (bytes[i] === 0x0a && bytes[i - 1] === 0x0a) {
      chunks.push(bytes.subarray(start, i + 1));
      start = i + 1;
    }
  }
  if (start < bytes.length) chunks.push(bytes.subarray(start));
  return chunks;
}

function makeCase(name: string, text: string, size: number | 'event'): Case {
  const chunks = size === 'event' ? perEvent(text) : chunked(text, size);
  return { name, chunks, bytes: chunks.reduce((n, c) => n + c.length, 0) };
}

function ours(c: Case): Outcome {
  const out: Outcome = { events: 0, dataChars: 0 };
  const parser = createParser({
    onEvent: (e) => {
      out.events++;
      out.dataChars += e.data.length;
    },
  });
  for (const chunk of c.chunks) parser.feed(chunk);
  parser.end();
  return out;
}

function theirs(c: Case): Outcome {
  const out: Outcome = { events: 0, dataChars: 0 };
  const parser = createEsp({
    onEvent: (e) => {
      out.events++;
      out.dataChars += e.data.length;
    },
  });
  const decoder = new TextDecoder();
  for (const chunk of c.chunks) parser.feed(decoder.decode(chunk, { stream: true }));
  const rest = decoder.decode();
  if (rest !== '') parser.feed(rest);
  return out;
}

/** The floor of any byte-level parser: find every LF, nothing else. */
function ceiling(c: Case): Outcome {
  let lines = 0;
  for (const chunk of c.chunks) {
    let i = chunk.indexOf(0x0a);
    while (i !== -1) {
      lines++;
      i = chunk.indexOf(0x0a, i + 1);
    }
  }
  return { events: lines, dataChars: 0 };
}

/** CPU time (user + system, all threads) in ms: far steadier than wall time on a shared machine. */
function timed(fn: (c: Case) => Outcome, c: Case): number {
  const t0 = process.cpuUsage();
  fn(c);
  const t = process.cpuUsage(t0);
  return (t.user + t.system) / 1000;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function measure(c: Case): Record<'ours' | 'theirs' | 'ceiling', number[]> {
  const times = { ours: [] as number[], theirs: [] as number[], ceiling: [] as number[] };
  for (let r = 0; r < WARMUP_ROUNDS + ROUNDS; r++) {
    const o = timed(ours, c);
    const t = timed(theirs, c);
    const x = timed(ceiling, c);
    if (r < WARMUP_ROUNDS) continue;
    times.ours.push(o);
    times.theirs.push(t);
    times.ceiling.push(x);
  }
  return times;
}

function mbps(bytes: number, ms: number): number {
  return bytes / 1e6 / (ms / 1000);
}

function pad(s: string, n: number, left = false): string {
  return left ? s.padEnd(n) : s.padStart(n);
}

const only = process.argv[2];
const allCases: Array<[string, () => Case]> = [
  ['(a) small events, LF', () => makeCase('(a) small events, LF', smallEvents(32e6, '\n', WORDS, 1), CHUNK)],
  ['(b) small events, CRLF', () => makeCase('(b) small events, CRLF', smallEvents(32e6, '\r\n', WORDS, 1), CHUNK)],
  ['(c) large events (256-768 KB)', () => makeCase('(c) large events (256-768 KB)', largeEvents(16, 2), CHUNK)],
  ['(d) 1-byte chunks, LF', () => makeCase('(d) 1-byte chunks, LF', smallEvents(3e6, '\n', WORDS, 3), 1)],
  [
    '(e) small events, non-ASCII, LF',
    () => makeCase('(e) small events, non-ASCII, LF', smallEvents(24e6, '\n', WIDE, 4), CHUNK),
  ],
  [
    '(f) one chunk per event, LF',
    () => makeCase('(f) one chunk per event, LF', smallEvents(8e6, '\n', WORDS, 5), 'event'),
  ],
];
/** `npm run bench:sse -- ad` runs only cases (a) and (d). */
const cases = allCases.filter(([name]) => only === undefined || only.includes(name[1]!));

const jitless = process.execArgv.includes('--jitless') ? ', --jitless' : '';
console.log(
  `SSE parser benchmark: node ${process.version}${jitless}, ${CHUNK / 1024} KiB chunks unless stated, median of ${ROUNDS} rounds after ${WARMUP_ROUNDS} warm-up rounds.`,
);
console.log(
  '(e) is like (a) with words in several scripts; (f) feeds each event as its own chunk (a server flushing per event).',
);
console.log('ours: aip-kit/sse fed the Uint8Array chunks (it decodes UTF-8 itself).');
console.log('esp: eventsource-parser 3.1.1 fed the same chunks decoded by one streaming TextDecoder');
console.log('     (decode(chunk, { stream: true })), as SDKs do; its time includes that decoding.');
console.log('ceiling: a bare Uint8Array.indexOf(0x0a) loop over the same chunks.');
console.log('Times are process CPU time (user + system), not wall time: the machine is shared.\n');

const header = [
  pad('case', 34, true),
  pad('MB', 6),
  pad('ours MB/s', 10),
  pad('ours ev/s', 11),
  pad('esp MB/s', 9),
  pad('esp ev/s', 11),
  pad('ours/esp', 9),
  pad('ceil MB/s', 10),
  pad('ours/ceil', 10),
  pad('ratio spread', 14),
].join(' ');
console.log(header);
console.log('-'.repeat(header.length));

const started = performance.now();
for (const [, make] of cases) {
  const c = make();
  const a = ours(c);
  const b = theirs(c);
  if (a.events !== b.events || a.dataChars !== b.dataChars || a.events === 0) {
    console.error(
      `MISMATCH in ${c.name}: ours ${a.events} events/${a.dataChars} chars, esp ${b.events} events/${b.dataChars} chars`,
    );
    process.exit(1);
  }
  const t = measure(c);
  const mo = median(t.ours);
  const mt = median(t.theirs);
  const mc = median(t.ceiling);
  const ratios = t.ours.map((o, i) => t.theirs[i]! / o);
  console.log(
    [
      pad(c.name, 34, true),
      pad((c.bytes / 1e6).toFixed(1), 6),
      pad(mbps(c.bytes, mo).toFixed(0), 10),
      pad((a.events / (mo / 1000)).toExponential(2), 11),
      pad(mbps(c.bytes, mt).toFixed(0), 9),
      pad((b.events / (mt / 1000)).toExponential(2), 11),
      pad(`${(mt / mo).toFixed(2)}x`, 9),
      pad(mbps(c.bytes, mc).toFixed(0), 10),
      pad(`${((mc / mo) * 100).toFixed(0)}%`, 10),
      pad(`${Math.min(...ratios).toFixed(2)}-${Math.max(...ratios).toFixed(2)}x`, 14),
    ].join(' '),
  );
}
console.log(
  `\nEvent counts and data lengths matched for every case. Total ${((performance.now() - started) / 1000).toFixed(1)} s.`,
);
