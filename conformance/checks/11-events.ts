/** §11 Stream events and ordering: names, payloads, the ordering laws, failures and payload constraints. */
import { sectionChecks } from './_section.ts';
import { describeViolations, validate } from '../../src/index.ts';
import type { CapturedEvent, StreamCapture, TransportFailure } from '../probe/index.ts';
import type { Check, CheckSpec, CheckContext, Outcome } from '../types.ts';
import { needsConformanceAgent } from './_conformance-agent.ts';
import { failingStream } from './_fixtures.ts';
import { describe, isObject } from './_http.ts';
import { Findings } from './_outcome.ts';
import {
  CONTENT_EVENTS,
  eachStream,
  type Evidence,
  hasEvent,
  isCatalogued,
  payload,
  schemaNameOf,
  terminalOf,
} from './_streams.ts';

const needsStream = (t: { agentStreams: boolean }) =>
  t.agentStreams ? undefined : 'the chosen agent does not advertise stream: true';

const at = (e: CapturedEvent) => `event #${e.index} (${e.type})`;

type Law = (cap: StreamCapture, f: Findings, label: string, failure?: TransportFailure) => void;

function law(
  id: string,
  title: string,
  requirements: string[],
  action: string,
  expected: string,
  fn: Law,
  evidence?: Evidence,
): CheckSpec {
  return {
    id,
    title,
    requirements,
    profile: 'core',
    action,
    applies: needsStream,
    run: (ctx) => eachStream(ctx, 'all', expected, (cap, f, s, label) => fn(cap, f, label, s.res.failure), evidence),
  };
}

/** Tool checks judge only streams that used tools; with none, they do not apply (and say how to make them apply). */
async function withToolStreams(
  ctx: CheckContext,
  expected: string,
  fn: (cap: StreamCapture, f: Findings, label: string) => void,
  evidence: Evidence = hasEvent('tool_call', 'tool_result'),
): Promise<Outcome> {
  return eachStream(ctx, 'all', expected, (cap, f, _s, label) => fn(cap, f, label), evidence);
}

const TOOL_ACTION = 'Reads tool_call, tool_result, file_edit and dev_url events of every stream';

export const EVENT_CHECKS: Check[] = sectionChecks(import.meta.url, [
  law(
    'events.named',
    'Every event is named from the catalogue or x-',
    ['AIP-EVT-001'],
    'Reads the event: field of every event',
    'catalogue names or names starting "x-"',
    (cap, f, label) => {
      for (const e of cap.events)
        f.expect(
          isCatalogued(e.type) || e.type.startsWith('x-'),
          `${label}: ${at(e)} has ${e.type === 'message' ? 'no event: line' : `the unknown name "${e.type}"`}`,
        );
    },
  ),
  law(
    'events.data-is-json-object',
    'Event data is exactly one JSON object',
    ['AIP-EVT-002'],
    'JSON-parses the data of every event',
    'data that parses as one JSON object',
    (cap, f, label) => {
      for (const e of cap.events) {
        if (e.jsonError !== undefined)
          f.add(`${label}: ${at(e)} data is not JSON (${e.jsonError}): ${JSON.stringify(e.data.slice(0, 120))}`);
        else
          f.expect(
            isObject(e.json),
            `${label}: ${at(e)} data is JSON but not an object: ${JSON.stringify(e.data.slice(0, 120))}`,
          );
      }
    },
  ),
  law(
    'events.payloads-valid',
    'Catalogue event payloads are valid against their schemas',
    ['AIP-EVT-003'],
    'Validates the data of every catalogue event against its event-<name> schema',
    'every payload valid',
    (cap, f, label) => {
      for (const e of cap.events) {
        if (!isCatalogued(e.type) || !isObject(e.json)) continue;
        const v = validate(schemaNameOf(e.type), e.json);
        if (!v.ok) f.add(`${label}: ${at(e)} payload invalid: ${describeViolations(v.violations)}`);
      }
    },
  ),
  law(
    'events.start-first',
    'The first event is start',
    ['AIP-EVT-004'],
    'Reads the first event of every stream',
    'start first',
    (cap, f, label) => {
      const first = cap.events[0];
      f.expect(first?.type === 'start', `${label}: the first event is ${first ? first.type : '(none)'}`);
    },
  ),
  law(
    'events.context-assembled-once',
    'context_assembled appears at most once',
    ['AIP-EVT-005'],
    'Counts context_assembled events',
    'at most one context_assembled',
    (cap, f, label) => {
      const n = cap.events.filter((e) => e.type === 'context_assembled').length;
      f.expect(n <= 1, `${label}: ${n} context_assembled events`);
    },
  ),
  law(
    'events.context-assembled-before-content',
    'context_assembled precedes content events and complete',
    ['AIP-EVT-006'],
    'Finds context_assembled and the first content event (thinking, text_delta, tool_call, tool_result, file_edit, dev_url) or complete',
    'context_assembled before any content event and before complete',
    (cap, f, label) => {
      const ca = cap.events.findIndex((e) => e.type === 'context_assembled');
      const first = cap.events.find((e) => CONTENT_EVENTS.includes(e.type) || e.type === 'complete');
      if (!first) return;
      f.expect(
        ca >= 0 && ca < first.index,
        ca < 0
          ? `${label}: no context_assembled, yet ${at(first)}`
          : `${label}: ${at(first)} comes before context_assembled (#${ca})`,
      );
    },
  ),
  law(
    'events.exactly-one-terminal',
    'Every stream ends with exactly one terminal event',
    ['AIP-EVT-007'],
    'Counts complete and error events and checks how each stream ended',
    'exactly one complete or error event, and the stream ends',
    (cap, f, label, failure) => {
      const terminals = cap.events.filter((e) => e.type === 'complete' || e.type === 'error');
      if (terminals.length === 0) {
        const last = `last event: ${cap.events[cap.events.length - 1]?.type ?? 'none'}`;
        f.add(
          failure
            ? `${label}: no terminal event (${last}); ${failure.message}`
            : `${label}: the stream ended without a terminal event (${last})`,
        );
      } else
        f.expect(
          terminals.length === 1,
          `${label}: ${terminals.length} terminal events (${terminals.map(at).join(', ')})`,
        );
    },
  ),
  law(
    'events.terminal-last',
    'Nothing follows the terminal event',
    ['AIP-EVT-008'],
    'Reads the events after the first terminal event',
    'the terminal event last',
    (cap, f, label) => {
      if (cap.terminalIndex === undefined) return;
      const after = cap.events.slice(cap.terminalIndex + 1);
      f.expect(
        after.length === 0,
        `${label}: ${after.length} event(s) after the terminal event: ${after.map(at).join(', ')}`,
      );
    },
  ),
  law(
    'events.deltas-concatenate-to-output',
    'The text_delta contents concatenate to complete.output',
    ['AIP-EVT-009'],
    'Concatenates text_delta.content in order and compares with complete.output',
    'concatenation equal to complete.output',
    (cap, f, label) => {
      const term = terminalOf(cap);
      if (term?.type !== 'complete') return;
      const joined = cap.events
        .filter((e) => e.type === 'text_delta')
        .map((e) => String(payload(e)?.content ?? ''))
        .join('');
      const output = payload(term)?.output;
      f.expect(
        joined === output,
        `${label}: the deltas give ${JSON.stringify(joined.slice(0, 200))}, complete.output is ${JSON.stringify(typeof output === 'string' ? output.slice(0, 200) : output)}`,
      );
    },
    { what: 'a stream that ends with complete', test: (cap) => terminalOf(cap)?.type === 'complete' },
  ),
  {
    id: 'events.tool-call-ids-unique',
    title: 'tool_call ids are unique within a stream',
    requirements: ['AIP-EVT-010'],
    profile: 'core',
    action: TOOL_ACTION,
    applies: needsStream,
    run: (ctx) =>
      withToolStreams(ctx, 'distinct tool_call ids', (cap, f, label) => {
        const ids = cap.events.filter((e) => e.type === 'tool_call').map((e) => payload(e)?.id);
        const dupes = ids.filter((id, i) => ids.indexOf(id) !== i);
        f.expect(
          dupes.length === 0,
          `${label}: tool_call id(s) used more than once: ${[...new Set(dupes)].map((d) => JSON.stringify(d)).join(', ')}`,
        );
      }),
  },
  {
    id: 'events.tool-results-answer-calls',
    title: 'Each tool_result answers an earlier, unanswered tool_call of the same tool',
    requirements: ['AIP-EVT-011', 'AIP-EVT-018'],
    profile: 'core',
    action: TOOL_ACTION,
    applies: needsStream,
    run: (ctx) =>
      withToolStreams(
        ctx,
        'every tool_result names an earlier tool_call with no result yet, and the same tool',
        (cap, f, label) => {
          const calls = new Map<unknown, Record<string, unknown>>();
          const answered = new Set<unknown>();
          for (const e of cap.events) {
            const p = payload(e);
            if (e.type === 'tool_call' && p) calls.set(p.id, p);
            if (e.type !== 'tool_result' || !p) continue;
            const call = calls.get(p.toolCallId);
            if (!call)
              f.add(`${label}: ${at(e)} answers ${JSON.stringify(p.toolCallId)}, which no earlier tool_call has`, [
                'AIP-EVT-011',
              ]);
            else if (answered.has(p.toolCallId))
              f.add(`${label}: ${at(e)} is a second tool_result for ${JSON.stringify(p.toolCallId)}`, ['AIP-EVT-011']);
            else if (p.tool !== undefined)
              f.expect(
                p.tool === call.tool,
                `${label}: ${at(e)} names tool ${JSON.stringify(p.tool)}, its call was ${JSON.stringify(call.tool)}`,
                ['AIP-EVT-018'],
              );
            answered.add(p.toolCallId);
          }
        },
      ),
  },
  {
    id: 'events.tool-calls-answered-before-complete',
    title: 'Every tool_call has its tool_result before complete',
    requirements: ['AIP-EVT-012'],
    profile: 'core',
    action: TOOL_ACTION,
    applies: needsStream,
    run: (ctx) =>
      withToolStreams(
        ctx,
        'a tool_result for every tool_call before complete',
        (cap, f, label) => {
          const term = terminalOf(cap);
          if (term?.type !== 'complete') return;
          const before = cap.events.slice(0, term.index);
          const answered = new Set(before.filter((e) => e.type === 'tool_result').map((e) => payload(e)?.toolCallId));
          for (const c of before.filter((e) => e.type === 'tool_call')) {
            f.expect(
              answered.has(payload(c)?.id),
              `${label}: tool_call ${JSON.stringify(payload(c)?.id)} (${at(c)}) has no tool_result before complete`,
            );
          }
        },
        {
          what: 'a tool_call in a stream that ends with complete',
          test: (cap) => terminalOf(cap)?.type === 'complete' && cap.events.some((e) => e.type === 'tool_call'),
        },
      ),
  },
  {
    id: 'events.tool-scoped-events-inside-call',
    title: 'file_edit and dev_url with a toolCallId come between that call and its result',
    requirements: ['AIP-EVT-013'],
    profile: 'core',
    action: TOOL_ACTION,
    applies: needsStream,
    run: (ctx) =>
      withToolStreams(
        ctx,
        'between the named tool_call and its tool_result',
        (cap, f, label) => {
          const open = new Set<unknown>();
          const closed = new Set<unknown>();
          for (const e of cap.events) {
            const p = payload(e);
            if (!p) continue;
            if (e.type === 'tool_call') open.add(p.id);
            else if (e.type === 'tool_result') {
              open.delete(p.toolCallId);
              closed.add(p.toolCallId);
            } else if ((e.type === 'file_edit' || e.type === 'dev_url') && p.toolCallId !== undefined) {
              const where = closed.has(p.toolCallId) ? 'after its tool_result' : 'before its tool_call';
              f.expect(
                open.has(p.toolCallId),
                `${label}: ${at(e)} names tool call ${JSON.stringify(p.toolCallId)} but comes ${where}`,
              );
            }
          }
        },
        {
          what: 'a file_edit or dev_url event with a toolCallId',
          test: (cap) =>
            cap.events.some(
              (e) => (e.type === 'file_edit' || e.type === 'dev_url') && payload(e)?.toolCallId !== undefined,
            ),
        },
      ),
  },
  law(
    'events.text-delta-non-empty',
    'text_delta content is non-empty',
    ['AIP-EVT-014'],
    'Reads every text_delta.content',
    'non-empty content',
    (cap, f, label) => {
      for (const e of cap.events)
        if (e.type === 'text_delta') f.expect(payload(e)?.content !== '', `${label}: ${at(e)} has empty content`);
    },
    hasEvent('text_delta'),
  ),
  law(
    'events.usage-matches-context',
    'complete.usage.contextTokens equals context_assembled.tokenCount',
    ['AIP-EVT-015', 'AIP-INV-020'],
    'Compares complete.usage.contextTokens with context_assembled.tokenCount',
    'equal token counts',
    (cap, f, label) => {
      const term = terminalOf(cap);
      const ca = payload(cap.events.find((e) => e.type === 'context_assembled'));
      if (term?.type !== 'complete' || !ca) return;
      const usage = payload(term)?.usage;
      const ctxTokens = isObject(usage) ? usage.contextTokens : undefined;
      f.expect(
        ctxTokens === ca.tokenCount,
        `${label}: complete.usage.contextTokens ${JSON.stringify(ctxTokens)} ≠ context_assembled.tokenCount ${JSON.stringify(ca.tokenCount)}`,
      );
    },
    {
      what: 'a stream with context_assembled that ends with complete',
      test: (cap) => terminalOf(cap)?.type === 'complete' && cap.events.some((e) => e.type === 'context_assembled'),
    },
  ),
  {
    id: 'events.failure-ends-with-error',
    title: 'A run failure ends the stream with an error event, code agent_error',
    requirements: ['AIP-EVT-016'],
    profile: 'core',
    action: 'Streams the conformance agent with a script that fails after some text',
    applies: (t) => needsStream(t) ?? needsConformanceAgent('a run that fails after it started')(t),
    async run(ctx) {
      const res = await ctx.use(failingStream);
      const f = new Findings();
      const cap = res.stream;
      if (
        !f.expect(res.status === 200 && cap !== undefined, `the failing run's stream request answered ${describe(res)}`)
      )
        return f.outcome();
      const term = terminalOf(cap!);
      const last = cap!.events[cap!.events.length - 1];
      if (
        f.expect(
          term?.type === 'error' && last === term,
          `the stream ended with ${last ? last.type : 'nothing'} instead of an error event`,
        )
      ) {
        const err = payload(term)?.error;
        f.expect(
          isObject(err) && err.code === 'agent_error',
          `the error event's code is ${JSON.stringify(isObject(err) ? err.code : err)}, expected "agent_error"`,
        );
      }
      return f.outcome('the last event is error with error.code "agent_error"');
    },
  },
  law(
    'events.file-edit-path-relative',
    'file_edit paths are workspace-relative',
    ['AIP-EVT-019'],
    'Reads every file_edit.path',
    'no leading "/", no ".." segment',
    (cap, f, label) => {
      for (const e of cap.events) {
        const path = payload(e)?.path;
        if (e.type !== 'file_edit' || typeof path !== 'string') continue;
        f.expect(
          !path.startsWith('/') && !path.split(/[\\/]/).includes('..'),
          `${label}: ${at(e)} path ${JSON.stringify(path)} is not workspace-relative`,
        );
      }
    },
    hasEvent('file_edit'),
  ),
  law(
    'events.dev-url-absolute-http',
    'dev_url urls are absolute http(s) URLs',
    ['AIP-EVT-020'],
    'Reads every dev_url.url',
    'absolute http: or https: URLs',
    (cap, f, label) => {
      for (const e of cap.events) {
        if (e.type !== 'dev_url') continue;
        const url = payload(e)?.url;
        let ok = false;
        try {
          ok = typeof url === 'string' && /^https?:$/.test(new URL(url).protocol);
        } catch {
          ok = false;
        }
        f.expect(ok, `${label}: ${at(e)} url ${JSON.stringify(url)} is not an absolute http(s) URL`);
      }
    },
    hasEvent('dev_url'),
  ),
]);
