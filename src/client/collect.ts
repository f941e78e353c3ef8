import type { AipEvent } from '../protocol/index.ts';
import { AipStreamError } from './errors.ts';

export type CompleteEvent = Extract<AipEvent, { event: 'complete' }>;
export type ErrorEvent = Extract<AipEvent, { event: 'error' }>;
export type TerminalEvent = CompleteEvent | ErrorEvent;

export interface CollectedStream {
  /** Every `text_delta.content`, concatenated in order (on `complete`, equal to its `output`). */
  output: string;
  /** Every event, terminal included. */
  events: AipEvent[];
  /** The `complete` or `error` event that ended the stream. */
  terminal: TerminalEvent;
}

/** Reads a stream to its end and folds it. A run failure is a value (`terminal.event === 'error'`), not a throw. */
export async function collect(events: AsyncIterable<AipEvent>): Promise<CollectedStream> {
  const seen: AipEvent[] = [];
  let output = '';
  for await (const event of events) {
    seen.push(event);
    if (event.event === 'text_delta') output += event.data.content;
    if (event.event === 'complete' || event.event === 'error') return { output, events: seen, terminal: event };
  }
  throw new AipStreamError({
    code: 'stream_truncated',
    message: `the event stream ended after ${seen.length} events without a terminal complete or error event`,
  });
}
