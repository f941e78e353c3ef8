/** One dispatched Server-Sent Event (WHATWG HTML, "Interpreting an event stream"). */
export interface SseEvent {
  /** The `event:` field, or "message" when absent or empty. */
  type: string;
  /** The `data:` lines joined with "\n". */
  data: string;
  /** The last-event-ID buffer at dispatch (sticky across events until an `id:` line changes it). */
  lastEventId: string;
  /** Offset of the event's first line (bytes when fed bytes, UTF-16 code units when fed strings). */
  start: number;
  /**
   * Offset just past the blank line that dispatched the event. Events are delivered as soon as the
   * blank line is seen, so when that line ends in a CR that is the last unit of a chunk, `end` is
   * past the CR even if the next chunk begins with the LF of a CRLF pair.
   */
  end: number;
}

export type SseProblemCode =
  | 'invalid-utf8'
  | 'line-too-long'
  | 'event-too-large'
  | 'invalid-retry'
  | 'id-contains-nul'
  | 'unknown-field'
  | 'incomplete-final-event'
  | 'bom';

/**
 * Something a strict reader should know about. `offset` is the start of the offending line, except
 * for `invalid-utf8` (the first byte of the ill-formed sequence) and `bom` (0).
 */
export interface SseProblem {
  code: SseProblemCode;
  offset: number;
  detail?: string;
}

export interface SseStats {
  /** Input consumed: bytes, or UTF-16 code units when fed strings. */
  bytes: number;
  bom: boolean;
  /** Line terminators seen; a CRLF pair counts once, as `crlf`. */
  lineEndings: { lf: number; cr: number; crlf: number };
  comments: number;
  events: number;
  multiLineDataEvents: number;
  /** Ill-formed UTF-8 sequences, each decoded as one U+FFFD. */
  invalidUtf8: number;
  /** The last valid `retry:` value. */
  retry?: number;
}

export interface SseParserOptions {
  onEvent: (event: SseEvent) => void;
  /** `text` is the line after the colon, with one leading space removed. */
  onComment?: (text: string, offset: number) => void;
  onRetry?: (ms: number) => void;
  onProblem?: (problem: SseProblem) => void;
  /** Longest line accepted, in input units, terminator excluded. Default 1 MiB. */
  maxLineLength?: number;
  /** Largest data buffer accepted (values plus joining LFs), in input units. Default 16 MiB. */
  maxEventSize?: number;
}

export interface SseParser {
  /**
   * Never throws on bad input. Throws TypeError only on misuse: a chunk that is neither a
   * Uint8Array nor a string, a stream that mixes the two, feeding after end() without reset(), or
   * feeding from one of this parser's own callbacks. Callbacks may call reset() or end(), which
   * drop the rest of the chunk. An exception thrown by a callback propagates and terminates the
   * parser (the rest of the chunk is lost) until reset().
   */
  feed(chunk: Uint8Array | string): void;
  /** End of stream: an unterminated final event is discarded (problem `incomplete-final-event`). */
  end(): void;
  /** Start a fresh stream: all buffers, offsets, stats and the terminated flag are cleared. */
  reset(): void;
  readonly stats: Readonly<SseStats>;
  /** True once a cap was exceeded; further input is ignored until reset(). */
  readonly terminated: boolean;
  /**
   * The last event ID committed by a dispatch (what a reconnecting client sends as Last-Event-ID).
   * Unlike SseEvent.lastEventId it is also committed by a blank line that dispatches nothing, and
   * never by an `id:` line of an event that was discarded at end of stream.
   */
  readonly lastEventId: string;
}
