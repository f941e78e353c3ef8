/**
 * Rewrites an upstream SSE answer on its way to the client: the upstream bytes are parsed into
 * events with the project's parser, the mutant's `EventRewrite` maps them, and the result is
 * re-encoded with the mutant's `Framing` and delivered chunked, paced or held back as asked.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createParser, encodeComment, encodeEvent } from '../../src/sse/index.ts';
import type { Framing, MutantContext, ProxyRequest, StreamFault, StreamState, WireEvent } from './types.ts';

export async function pipeStream(
  up: IncomingMessage,
  res: ServerResponse,
  req: ProxyRequest,
  ctx: MutantContext,
  fault: StreamFault,
): Promise<void> {
  const framing = fault.framing ?? {};
  const out = createWriter(res, framing);
  const state: StreamState = { req, ctx, seen: [], emitted: [], vars: new Map() };
  const encode = framing.encode ?? defaultEncode;
  let index = 0;
  if (framing.preamble) out.write(framing.preamble);

  const emit = (events: WireEvent[]): void => {
    for (const e of events) {
      state.emitted.push(e);
      out.write(e.raw ?? encode(e, index++));
    }
  };

  const parser = createParser({
    onEvent: (ev) => {
      const e: WireEvent = { event: ev.type === 'message' ? undefined : ev.type, data: ev.data };
      if (ev.lastEventId !== '') e.id = ev.lastEventId;
      state.seen.push(e);
      const mapped = fault.events?.event ? fault.events.event(e, state) : undefined;
      emit(mapped === undefined ? [e] : mapped === null ? [] : Array.isArray(mapped) ? mapped : [mapped]);
    },
    // Heartbeats pass through so the client sees what the upstream sent.
    onComment: (text) => out.write(encodeComment(text)),
  });

  await new Promise<void>((resolve, reject) => {
    up.on('data', (chunk: Buffer) => parser.feed(new Uint8Array(chunk)));
    up.on('end', resolve);
    up.on('error', reject);
  });
  parser.end();
  if (fault.events?.end) emit(await fault.events.end(state));
  if (framing.trailer) out.write(framing.trailer);
  await out.end();
}

/** The project's LF profile; the data string goes out as-is (one `data:` line per text line). */
function defaultEncode(e: WireEvent): string {
  const fields: { event?: string; data: string; id?: string; retry?: number } = { data: e.data };
  if (e.event !== undefined) fields.event = e.event;
  if (e.id !== undefined) fields.id = e.id;
  if (e.retry !== undefined) fields.retry = e.retry;
  return encodeEvent(fields);
}

interface Writer {
  write(text: string | Buffer): void;
  end(): Promise<void>;
}

/** Delivers text to the client honouring chunk size, pacing and buffering; writes stay in order. */
function createWriter(res: ServerResponse, framing: Framing): Writer {
  const held: Buffer[] = [];
  let queue = Promise.resolve();
  const deliver = (bytes: Buffer): Promise<void> => {
    const size = framing.chunkBytes ?? bytes.length;
    const delay = framing.chunkDelayMs ?? 0;
    return (async () => {
      for (let at = 0; at < bytes.length; at += size) {
        // A client that left is not written to; with drainOnDisconnect the upstream is still read.
        if (res.destroyed) return;
        res.write(bytes.subarray(at, at + size));
        // A pause (or at least a turn of the event loop) keeps small writes from coalescing.
        if (at + size < bytes.length) await (delay > 0 ? sleep(delay) : new Promise((r) => setImmediate(r)));
      }
    })();
  };
  return {
    write(text) {
      const bytes = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
      if (framing.buffered) held.push(bytes);
      else queue = queue.then(() => deliver(bytes));
    },
    async end() {
      if (framing.buffered) queue = queue.then(() => deliver(Buffer.concat(held)));
      await queue;
      if (framing.endDelayMs) await sleep(framing.endDelayMs);
      if (!res.destroyed) res.end();
    },
  };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
