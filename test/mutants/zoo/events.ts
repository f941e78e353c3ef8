/** §11 Stream events: encoding, payload schemas, ordering laws, failures, payload constraints. */
import { edit, editEvents, ev, wantsStream } from '../helpers.ts';
import type { EventRewrite, Mutant, StreamState, WireEvent } from '../types.ts';

/** Rewrites only the first event with the given name. */
function firstOf(name: string, change: (e: WireEvent, s: StreamState) => WireEvent | WireEvent[] | null): EventRewrite {
  return {
    event: (e, s) => {
      if (e.event !== name || s.vars.has(`first:${name}`)) return undefined;
      s.vars.set(`first:${name}`, true);
      return change(e, s);
    },
  };
}

/** Holds back the first `name` event and emits it right after the first `after` event. */
function moveAfter(name: string, after: string): EventRewrite {
  return {
    event: (e, s) => {
      if (e.event === name && !s.vars.has('held') && !s.vars.has('placed')) {
        s.vars.set('held', e);
        return null;
      }
      if (e.event === after && s.vars.has('held') && !s.vars.has('placed')) {
        s.vars.set('placed', true);
        return [e, s.vars.get('held') as WireEvent];
      }
      return undefined;
    },
  };
}

const stream = (
  name: string,
  fault: string,
  requirement: string,
  events: EventRewrite,
  verdict: 'fail' | 'warn' = 'fail',
): Mutant => ({
  name,
  fault,
  expect: { requirements: [requirement], verdict },
  when: wantsStream,
  stream: { events },
});

export const EVT_MUTANTS: Mutant[] = [
  stream(
    'evt-unnamed-event',
    'Sends a `text_delta` without an `event:` line.',
    'AIP-EVT-001',
    firstOf('text_delta', (e) => ({ ...e, event: undefined })),
  ),
  stream(
    'evt-unknown-name',
    'Renames `thinking` to `reasoning`, a name neither in the catalogue nor an `x-` extension.',
    'AIP-EVT-001',
    { event: (e) => (e.event === 'thinking' ? { ...e, event: 'reasoning' } : undefined) },
  ),
  stream(
    'evt-non-json-data',
    'Sends the data of a `text_delta` as plain text.',
    'AIP-EVT-002',
    firstOf('text_delta', (e) => ({ ...e, data: 'plain text, not JSON' })),
  ),
  stream(
    'evt-array-data',
    'Sends the data of a `text_delta` as a JSON array instead of an object.',
    'AIP-EVT-002',
    firstOf('text_delta', (e) => ({ ...e, data: JSON.stringify([JSON.parse(e.data)]) })),
  ),
  stream(
    'evt-payload-invalid',
    'Leaves the required `tool` out of `tool_call`.',
    'AIP-EVT-003',
    firstOf('tool_call', (e) =>
      edit(e, (d) => {
        delete d.tool;
      }),
    ),
  ),
  {
    ...stream('evt-usage-fractional', 'Reports a fractional `complete.usage.outputTokens`.', 'AIP-EVT-003', {}),
    stream: editEvents({
      complete: (d) => ({ ...d, usage: { ...d.usage, outputTokens: d.usage.outputTokens + 0.5 } }),
    }),
  },
  stream(
    'evt-start-not-first',
    'Sends `context_assembled` before `start`.',
    'AIP-EVT-004',
    moveAfter('start', 'context_assembled'),
  ),
  stream(
    'evt-context-twice',
    'Sends `context_assembled` twice.',
    'AIP-EVT-005',
    firstOf('context_assembled', (e) => [e, e]),
  ),
  stream(
    'evt-context-late',
    'Sends `context_assembled` after the first `text_delta`.',
    'AIP-EVT-006',
    moveAfter('context_assembled', 'text_delta'),
  ),
  stream('evt-context-missing', 'Never sends `context_assembled`.', 'AIP-EVT-006', {
    event: (e) => (e.event === 'context_assembled' ? null : undefined),
  }),
  stream('evt-two-terminals', 'Follows `complete` with an `error` event.', 'AIP-EVT-007', {
    event: (e) => {
      if (e.event !== 'complete') return undefined;
      const invocationId = (JSON.parse(e.data) as { invocationId: string }).invocationId;
      return [e, ev('error', { invocationId, error: { code: 'agent_error', message: 'Second terminal.' } })];
    },
  }),
  stream('evt-after-terminal', 'Sends a `text_delta` after `complete`.', 'AIP-EVT-008', {
    event: (e) => (e.event === 'complete' ? [e, ev('text_delta', { content: ' and one more thing' })] : undefined),
  }),
  stream(
    'evt-delta-dropped',
    'Drops the second `text_delta`, so the deltas no longer add up to `complete.output`.',
    'AIP-EVT-009',
    {
      event: (e, s) =>
        e.event === 'text_delta' && s.seen.filter((x) => x.event === 'text_delta').length === 2 ? null : undefined,
    },
  ),
  {
    ...stream(
      'evt-output-altered',
      'Reports a `complete.output` that differs from the concatenated deltas.',
      'AIP-EVT-009',
      {},
    ),
    stream: editEvents({ complete: (d) => ({ ...d, output: `${String(d.output)}!` }) }),
  },
  stream(
    'evt-duplicate-tool-call',
    'Sends the same `tool_call` (same id) twice.',
    'AIP-EVT-010',
    firstOf('tool_call', (e) => [e, e]),
  ),
  stream(
    'evt-result-unknown-call',
    'Sends a `tool_result` whose `toolCallId` names no call.',
    'AIP-EVT-011',
    firstOf('tool_result', (e) =>
      edit(e, (d) => {
        d.toolCallId = 'call_nobody_made';
      }),
    ),
  ),
  stream('evt-result-before-call', 'Sends the `tool_result` before its `tool_call`.', 'AIP-EVT-011', {
    event: (e, s) => {
      if (e.event === 'tool_call' && !s.vars.has('call')) {
        s.vars.set('call', e);
        return null;
      }
      if (e.event === 'tool_result' && s.vars.has('call')) return [e, s.vars.get('call') as WireEvent];
      return undefined;
    },
  }),
  stream(
    'evt-result-twice',
    'Sends the `tool_result` of one call twice.',
    'AIP-EVT-011',
    firstOf('tool_result', (e) => [e, e]),
  ),
  stream('evt-result-missing', 'Never sends the `tool_result` of a call before `complete`.', 'AIP-EVT-012', {
    event: (e) => (e.event === 'tool_result' ? null : undefined),
  }),
  stream(
    'evt-file-edit-after-result',
    'Sends the call\u2019s `file_edit` after its `tool_result`.',
    'AIP-EVT-013',
    moveAfter('file_edit', 'tool_result'),
  ),
  stream(
    'evt-empty-delta',
    'Sends an empty `text_delta` before the first real one.',
    'AIP-EVT-014',
    firstOf('text_delta', (e) => [ev('text_delta', { content: '' }), e]),
    'warn',
  ),
  stream(
    'evt-agent-failure-miscoded',
    'Ends a run the agent failed with an `error` event coded `internal_error` instead of `agent_error`.',
    'AIP-EVT-016',
    {
      event: (e) =>
        e.event === 'error'
          ? edit(e, (d) => {
              d.error = { ...d.error, code: 'internal_error' };
            })
          : undefined,
    },
  ),
  stream('evt-agent-failure-silent', 'Ends the stream of a failed run without any terminal event.', 'AIP-EVT-016', {
    event: (e) => (e.event === 'error' ? null : undefined),
  }),
  stream(
    'evt-tool-name-mismatch',
    'Names another tool in `tool_result.tool` than the call did.',
    'AIP-EVT-018',
    firstOf('tool_result', (e) =>
      edit(e, (d) => {
        d.tool = 'some_other_tool';
      }),
    ),
  ),
  stream(
    'evt-absolute-path',
    'Reports a `file_edit` with an absolute `path`.',
    'AIP-EVT-019',
    firstOf('file_edit', (e) =>
      edit(e, (d) => {
        d.path = `/${String(d.path)}`;
      }),
    ),
  ),
  stream(
    'evt-dot-dot-path',
    'Reports a `file_edit` whose `path` climbs out of the workspace with `..`.',
    'AIP-EVT-019',
    firstOf('file_edit', (e) =>
      edit(e, (d) => {
        d.path = `../outside/${String(d.path)}`;
      }),
    ),
  ),
  stream(
    'evt-dev-url-not-http',
    'Reports a `dev_url` with an ftp: URL.',
    'AIP-EVT-020',
    firstOf('dev_url', (e) =>
      edit(e, (d) => {
        d.url = 'ftp://localhost:2121/';
      }),
    ),
  ),
];
