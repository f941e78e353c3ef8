import {
  EVENT_NAMES,
  EVENT_PAYLOADS,
  TERMINAL_EVENTS,
  type AipEvent,
  type EventName,
  type WireSchemaName,
} from '../protocol/index.ts';
import { createParser, type SseEvent, type SseProblem } from '../sse/index.ts';
import { describeViolations, validate, type Violation } from '../validate/index.ts';
import { CallControl } from './call-control.ts';
import { stripUnknownMembers } from './clean.ts';
import { AipError, AipStreamError } from './errors.ts';
import { describeCall, httpError, send, type CallOptions, type RequestSpec, type Transport } from './transport.ts';

const KNOWN_EVENTS: ReadonlySet<string> = new Set(EVENT_NAMES);
const TERMINAL: ReadonlySet<string> = new Set(TERMINAL_EVENTS);

/**
 * Opens an event stream and yields its typed events, ending after the terminal one. Nothing is
 * sent until iteration starts. Leaving the loop early, or aborting the signal, aborts the request.
 * The timeout bounds the wait for the response and every gap between two chunks (heartbeat
 * comments count as data, so a server that keeps the connection warm never times out).
 */
export async function* streamEvents(
  t: Transport,
  spec: RequestSpec,
  opts: CallOptions = {},
): AsyncGenerator<AipEvent, void, undefined> {
  const call = new CallControl(opts.timeoutMs ?? t.timeoutMs, opts.signal);
  const what = describeCall(spec);
  call.arm();
  try {
    const res = await send(t, call, spec);
    if (!res.ok) throw await httpError(t, call, spec, res);
    const requestId = res.headers.get('x-request-id') ?? undefined;
    const mediaType = (res.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
    if (mediaType !== 'text/event-stream' || !res.body) {
      throw new AipError({
        code: 'unexpected_content_type',
        status: res.status,
        requestId,
        message: `${what}: asked for text/event-stream, got HTTP ${res.status} ${mediaType || 'without a Content-Type'}`,
      });
    }
    const pending: SseEvent[] = [];
    let fatal: SseProblem | undefined;
    const parser = createParser({
      onEvent: (event) => pending.push(event),
      onProblem: (problem) => {
        if (!fatal && (problem.code === 'line-too-long' || problem.code === 'event-too-large')) fatal = problem;
      },
    });
    const reader = res.body.getReader();
    try {
      for (;;) {
        call.arm();
        let chunk: Awaited<ReturnType<typeof reader.read>>;
        try {
          chunk = await reader.read();
        } catch (cause) {
          throw call.failure(cause, what, t.redact, { requestId });
        }
        call.disarm();
        if (chunk.done) parser.end();
        else parser.feed(chunk.value);
        for (let sse = pending.shift(); sse; sse = pending.shift()) {
          const event = decodeEvent(sse, what, requestId);
          if (!event) continue;
          yield event;
          if (TERMINAL.has(event.event)) return;
        }
        if (parser.terminated) {
          throw new AipStreamError({
            code: 'stream_malformed',
            requestId,
            offset: fatal?.offset,
            message: `${what}: the event stream broke the parser's limits (${fatal?.code ?? 'parser stopped'}${fatal?.detail ? `: ${fatal.detail}` : ''})`,
          });
        }
        if (chunk.done) {
          throw new AipStreamError({
            code: 'stream_truncated',
            requestId,
            offset: parser.stats.bytes,
            message: `${what}: the event stream ended after ${parser.stats.bytes} bytes without a terminal complete or error event`,
          });
        }
      }
    } finally {
      reader.cancel().catch(() => undefined);
    }
  } finally {
    call.close();
  }
}

/** A catalogue event as a typed value; undefined for names this client does not know (ignored). */
function decodeEvent(sse: SseEvent, what: string, requestId: string | undefined): AipEvent | undefined {
  if (!KNOWN_EVENTS.has(sse.type)) return undefined;
  const name = sse.type as EventName;
  const invalid = (violations: Violation[]) =>
    new AipStreamError({
      code: 'invalid_event',
      requestId,
      event: name,
      offset: sse.start,
      violations,
      message: `${what}: invalid \`${name}\` event at byte ${sse.start}: ${describeViolations(violations)}`,
    });
  let data: unknown;
  try {
    data = JSON.parse(sse.data);
  } catch {
    throw invalid([{ pointer: '/data', message: 'is not JSON', keyword: 'json' }]);
  }
  const candidate = { event: name, data };
  if (!validate('stream-event', candidate).ok) {
    // The union's violations list every variant; the payload schema alone says precisely what is wrong.
    const precise = validate(`event-${name.replaceAll('_', '-')}` as WireSchemaName, data);
    throw invalid(precise.ok ? [] : precise.violations.map((v) => ({ ...v, pointer: `/data${v.pointer}` })));
  }
  return { event: name, data: stripUnknownMembers(EVENT_PAYLOADS[name], data) } as AipEvent;
}
