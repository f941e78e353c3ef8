/**
 * Feeds a stream body to the project's WHATWG SSE parser as it arrives and keeps what the
 * checks need: every event with its arrival time and parsed JSON data, comments, parser
 * problems and framing statistics, and when the terminal event came.
 */
import { createParser, type SseParser, type SseProblem } from '../../src/sse/index.ts';
import { TERMINAL_EVENTS } from '../../src/index.ts';

export interface CapturedEvent {
  /** Position in the stream, from 0. */
  index: number;
  type: string;
  data: string;
  lastEventId: string;
  /** Arrival time (ms since the request was sent) of the chunk that completed this event. */
  atMs: number;
  /** `data` parsed as JSON, when it parses. */
  json?: unknown;
  jsonError?: string;
}

export interface StreamCapture {
  events: CapturedEvent[];
  comments: Array<{ text: string; atMs: number }>;
  problems: SseProblem[];
  parser: SseParser;
  /** Index of the first terminal event, if any. */
  terminalIndex?: number;
  terminalAtMs?: number;
  /** Arrival time of the first and last body chunks. */
  firstChunkMs?: number;
  lastChunkMs?: number;
}

export function createCapture(): {
  capture: StreamCapture;
  feed: (chunk: Buffer, atMs: number) => void;
  end: () => void;
} {
  let now = 0;
  const capture = {
    events: [],
    comments: [],
    problems: [],
  } as unknown as StreamCapture;
  capture.parser = createParser({
    onEvent: (e) => {
      const ev: CapturedEvent = {
        index: capture.events.length,
        type: e.type,
        data: e.data,
        lastEventId: e.lastEventId,
        atMs: now,
      };
      try {
        ev.json = JSON.parse(e.data);
      } catch (err) {
        ev.jsonError = (err as Error).message;
      }
      capture.events.push(ev);
      if (capture.terminalIndex === undefined && (TERMINAL_EVENTS as readonly string[]).includes(e.type)) {
        capture.terminalIndex = ev.index;
        capture.terminalAtMs = now;
      }
    },
    onComment: (text) => capture.comments.push({ text, atMs: now }),
    onProblem: (p) => capture.problems.push(p),
  });
  return {
    capture,
    feed: (chunk, atMs) => {
      now = atMs;
      capture.firstChunkMs ??= atMs;
      capture.lastChunkMs = atMs;
      capture.parser.feed(chunk);
    },
    end: () => capture.parser.end(),
  };
}
