import {
  createParser,
  type SseEvent,
  type SseParserOptions,
  type SseProblem,
  type SseStats,
} from '../../src/sse/index.ts';

export interface Run {
  events: SseEvent[];
  comments: Array<{ text: string; offset: number }>;
  problems: SseProblem[];
  retries: number[];
  stats: SseStats;
  lastEventId: string;
  terminated: boolean;
}

/** Feeds the chunks to a fresh parser, then end(), collecting every callback. */
export function run(chunks: Iterable<Uint8Array | string>, options: Partial<SseParserOptions> = {}): Run {
  const out: Omit<Run, 'stats' | 'lastEventId' | 'terminated'> = {
    events: [],
    comments: [],
    problems: [],
    retries: [],
  };
  const parser = createParser({
    onEvent: (e) => out.events.push(e),
    onComment: (text, offset) => out.comments.push({ text, offset }),
    onProblem: (p) => out.problems.push(p),
    onRetry: (ms) => out.retries.push(ms),
    ...options,
  });
  for (const chunk of chunks) parser.feed(chunk);
  parser.end();
  return { ...out, stats: parser.stats, lastEventId: parser.lastEventId, terminated: parser.terminated };
}

export function splitAt<T extends Uint8Array | string>(input: T, cuts: number[]): T[] {
  const parts: T[] = [];
  let from = 0;
  for (const cut of [...cuts, input.length]) {
    parts.push(input.slice(from, cut) as T);
    from = cut;
  }
  return parts;
}

export function fixedChunks<T extends Uint8Array | string>(input: T, size: number): T[] {
  const cuts: number[] = [];
  for (let i = size; i < input.length; i += size) cuts.push(i);
  return splitAt(input, cuts);
}

/** The chunk boundaries (cut offsets) of a chunk list. */
export function boundaries(chunks: Array<Uint8Array | string>): Set<number> {
  const cuts = new Set<number>();
  let at = 0;
  for (const chunk of chunks) {
    at += chunk.length;
    cuts.add(at);
  }
  return cuts;
}

/**
 * Events are dispatched as soon as their blank line is seen, so when a chunk ends between the CR
 * and LF of that line's CRLF the event's `end` lies before the LF. This maps such ends to where
 * an unsplit parse puts them, so runs over different chunkings can be compared exactly.
 */
export function normaliseEnds(r: Run, input: Uint8Array | string, cuts: Set<number>): Run {
  const unit = (i: number): number => (typeof input === 'string' ? input.charCodeAt(i) : (input[i] ?? -1));
  const events = r.events.map((e) =>
    cuts.has(e.end) && unit(e.end - 1) === 0x0d && unit(e.end) === 0x0a ? { ...e, end: e.end + 1 } : e,
  );
  return { ...r, events };
}
