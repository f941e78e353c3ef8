/** Running one stream law over every captured stream. */
import { EVENT_NAMES, type EventName, type WireSchemaName } from '../../src/index.ts';
import type { CapturedEvent, ProbeResponse, StreamCapture } from '../probe/index.ts';
import type { CheckContext, Outcome } from '../types.ts';
import { Findings, notApplicable, untestable } from './_outcome.ts';
import { describe, isObject, isStreamResponse } from './_http.ts';
import { streamSamples, type StreamSample } from './_fixtures.ts';

export const CONTENT_EVENTS = ['thinking', 'text_delta', 'tool_call', 'tool_result', 'file_edit', 'dev_url'];

export const isCatalogued = (name: string): name is EventName => (EVENT_NAMES as string[]).includes(name);

export const schemaNameOf = (event: EventName) => `event-${event.replace(/_/g, '-')}` as WireSchemaName;

export const payload = (e: CapturedEvent | undefined): Record<string, unknown> | undefined =>
  e && isObject(e.json) ? e.json : undefined;

export function terminalOf(cap: StreamCapture): CapturedEvent | undefined {
  return cap.terminalIndex === undefined ? undefined : cap.events[cap.terminalIndex];
}

/** What a law needs to have seen to judge anything: a pass without it would be vacuous. */
export interface Evidence {
  /** What is needed, e.g. "a file_edit event". */
  what: string;
  test: (cap: StreamCapture) => boolean;
}

export const hasEvent = (...types: string[]): Evidence => ({
  what: `a ${types.join(' or ')} event`,
  test: (cap) => cap.events.some((e) => types.includes(e.type)),
});

const ANY_EVENT: Evidence = { what: 'an event', test: (cap) => cap.events.length > 0 };

/**
 * Applies `law` to each stream; a stream that is not an event stream at all makes the law
 * untestable on it (stream.status-and-media-type reports why). When no stream shows `evidence`,
 * the law has nothing to judge: the check is not applicable (no conformance agent) or untestable
 * (the conformance agent did not show it), never a pass.
 */
export async function eachStream(
  ctx: CheckContext,
  which: 'main' | 'all',
  expected: string,
  law: (cap: StreamCapture, f: Findings, sample: StreamSample, at: string) => void,
  evidence: Evidence = ANY_EVENT,
): Promise<Outcome> {
  const samples = await streamSamples(ctx, which);
  const f = new Findings();
  const unusable: string[] = [];
  let judged = 0;
  for (const s of samples) {
    if (s.res.status !== 200 || !s.res.stream || !isStreamResponse(s.res)) {
      unusable.push(`${s.label}: ${describe(s.res)}`);
      continue;
    }
    const stream = s.res.stream;
    if (evidence.test(stream)) judged++;
    f.about(s.res, () => law(stream, f, s, s.label));
  }
  if (!f.empty) return f.outcome(expected);
  if (unusable.length > 0 && judged === 0)
    return untestable(`these requests did not return an event stream: ${unusable.join('; ')}`);
  if (judged === 0) {
    const seen = samples.map((s) => s.label).join(', ');
    return ctx.target.conformanceAgent !== undefined
      ? untestable(
          `no captured stream (${seen}) shows ${evidence.what}; see conformance.default-script`,
          'conformance.default-script',
        )
      : notApplicable(
          `no captured stream (${seen}) shows ${evidence.what}, so there is nothing to judge; deploy the conformance agent (§19), or pass --agent naming an agent that produces one`,
        );
  }
  return f.outcome(expected, `judged ${judged} stream(s) showing ${evidence.what}`);
}

/** Parser problems that break the WHATWG grammar or UTF-8 (the rest are legal variations). */
export const GRAMMAR_PROBLEMS = new Set(['invalid-utf8', 'incomplete-final-event', 'line-too-long', 'event-too-large']);

/**
 * Why a stream answer cannot be read as a stream of events, and the check that judges that fault,
 * or undefined when it can be read. A check that needs a readable stream reports this as its root
 * cause instead of failing its own requirement.
 */
export function unreadableStream(res: ProbeResponse): { reason: string; rootCause: string } | undefined {
  if (res.status !== 200 || !res.stream || !isStreamResponse(res))
    return {
      reason: `the request did not return an event stream (${describe(res)})`,
      rootCause: 'stream.status-and-media-type',
    };
  const broken = res.stream.problems.find((p) => GRAMMAR_PROBLEMS.has(p.code));
  if (broken)
    return {
      reason: `could not read the stream (${broken.code} at byte ${broken.offset}); see stream.utf8-whatwg-grammar`,
      rootCause: 'stream.utf8-whatwg-grammar',
    };
  if (res.stream.terminalIndex === undefined)
    return {
      reason: `the stream ended without a terminal event (${describe(res)}); see events.exactly-one-terminal`,
      rootCause: 'events.exactly-one-terminal',
    };
  return undefined;
}
