/**
 * Ways to put an event on the wire other than the simple profile. Every one of them is valid per
 * the WHATWG event-stream grammar; only their use as a server's default is discouraged (SHOULD).
 */
import { encodeEvent } from '../../src/sse/index.ts';
import type { WireEvent } from './types.ts';

function fields(e: WireEvent): { event?: string; data: string; id?: string; retry?: number } {
  const out: { event?: string; data: string; id?: string; retry?: number } = { data: e.data };
  if (e.event !== undefined) out.event = e.event;
  if (e.id !== undefined) out.id = e.id;
  if (e.retry !== undefined) out.retry = e.retry;
  return out;
}

/** The simple profile with another line terminator (CRLF or a lone CR). */
export function withLineEnd(eol: '\r\n' | '\r'): (e: WireEvent) => string {
  return (e) => encodeEvent(fields(e)).replace(/\n/g, eol);
}

/** JSON data pretty-printed, so each event spans several `data:` lines (the parser joins them with LF). */
export function multiLineData(e: WireEvent): string {
  let data = e.data;
  try {
    data = JSON.stringify(JSON.parse(e.data), null, 2);
  } catch {
    // Not JSON: sent as it came.
  }
  return encodeEvent({ ...fields(e), data });
}

/** A comment line before every event (what proxies and heartbeats add). */
export function commentBefore(e: WireEvent, index: number): string {
  return `: note ${index}\n${encodeEvent(fields(e))}`;
}

/** An `id:` on every event and a `retry:` on the first. */
export function withIdAndRetry(e: WireEvent, index: number): string {
  return encodeEvent({ ...fields(e), id: `evt-${index}`, ...(index === 0 ? { retry: 3000 } : {}) });
}
