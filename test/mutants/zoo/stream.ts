/** §10 Streaming transport and SSE framing: headers, bytes, delivery, closing, disconnects. */
import { relay } from '../proxy.ts';
import { multiLineData, withLineEnd } from '../framings.ts';
import { isTerminal, wantsStream } from '../helpers.ts';
import type { Mutant } from '../types.ts';

export const STR_MUTANTS: Mutant[] = [
  {
    name: 'str-text-plain',
    fault: 'Labels event streams text/plain.',
    expect: { requirements: ['AIP-STR-001'], verdict: 'fail' },
    when: wantsStream,
    head: (head) =>
      (head.headers['content-type'] ?? '').startsWith('text/event-stream')
        ? { ...head, headers: { ...head.headers, 'content-type': 'text/plain; charset=utf-8' } }
        : head,
  },
  {
    name: 'str-content-length',
    fault: 'Sends each event stream in one piece with a Content-Length header.',
    expect: { requirements: ['AIP-STR-001'], verdict: 'fail' },
    when: wantsStream,
    respond: async (req, ctx) => relay(await ctx.forward(req)),
  },
  {
    name: 'str-no-cache-control',
    fault: 'Sends event streams without Cache-Control: no-cache.',
    expect: { requirements: ['AIP-STR-002'], verdict: 'warn' },
    when: wantsStream,
    head: (head) => {
      const headers = { ...head.headers };
      delete headers['cache-control'];
      return { ...head, headers };
    },
  },
  {
    name: 'str-invalid-utf8',
    fault: 'Puts a byte that is not UTF-8 inside the JSON of a `text_delta`.',
    expect: { requirements: ['AIP-STR-003'], verdict: 'fail' },
    when: wantsStream,
    stream: {
      events: {
        event: (e, s) => {
          if (e.event !== 'text_delta' || s.vars.has('done')) return undefined;
          s.vars.set('done', true);
          return {
            ...e,
            raw: Buffer.concat([
              Buffer.from('event: text_delta\ndata: {"content":"'),
              Buffer.from([0xff, 0xfe]),
              Buffer.from('"}\n\n'),
            ]),
          };
        },
      },
    },
  },
  {
    name: 'str-crlf',
    fault: 'Ends lines with CRLF (valid SSE, but not the recommended simple profile).',
    expect: { requirements: ['AIP-STR-005'], verdict: 'warn' },
    when: wantsStream,
    stream: { framing: { encode: withLineEnd('\r\n') } },
  },
  {
    name: 'str-cr-only',
    fault: 'Ends lines with a lone CR (valid SSE, but not the recommended simple profile).',
    expect: { requirements: ['AIP-STR-005'], verdict: 'warn' },
    when: wantsStream,
    stream: { framing: { encode: withLineEnd('\r') } },
  },
  {
    name: 'str-bom',
    fault: 'Starts every stream with a byte order mark (valid SSE, but not the simple profile).',
    expect: { requirements: ['AIP-STR-005'], verdict: 'warn' },
    when: wantsStream,
    stream: { framing: { preamble: '\uFEFF' } },
  },
  {
    name: 'str-multi-line-data',
    fault: 'Pretty-prints each payload over several `data:` lines (valid SSE, but not the simple profile).',
    expect: { requirements: ['AIP-STR-005'], verdict: 'warn' },
    when: wantsStream,
    stream: { framing: { encode: multiLineData } },
  },
  {
    name: 'str-buffered',
    fault: 'Holds every event back until the run ends, then sends the whole stream at once.',
    expect: { requirements: ['AIP-STR-007'], verdict: 'warn' },
    when: wantsStream,
    stream: { framing: { buffered: true } },
  },
  {
    name: 'str-open-after-terminal',
    fault: 'Keeps the response open for 4 s after the terminal event.',
    expect: { requirements: ['AIP-STR-009'], verdict: 'fail' },
    when: wantsStream,
    stream: { framing: { endDelayMs: 4_000 } },
  },
  {
    name: 'str-disconnect-ignored',
    fault: 'Lets the run finish and save its blocks after the client disconnected.',
    expect: { requirements: ['AIP-STR-011'], verdict: 'fail' },
    when: wantsStream,
    stream: { drainOnDisconnect: true },
  },
  {
    name: 'str-events-not-terminated',
    fault:
      'Never ends an event with a blank line, so no event is ever dispatched; the checks that only need to read a stream must name this, not their own requirements, as the fault.',
    expect: { requirements: ['AIP-STR-003'], verdict: 'fail' },
    notBlamed: ['invoke.failed-saves-nothing', 'invoke.failed-run-keeps-output', 'context.ranking-and-order'],
    when: wantsStream,
    stream: { framing: { encode: (e) => `event: ${e.event ?? 'message'}\ndata: ${e.data}\n` } },
  },
  {
    name: 'str-silent-eof',
    fault: 'Ends the stream without a terminal event.',
    expect: { requirements: ['AIP-EVT-007'], verdict: 'fail' },
    when: wantsStream,
    stream: { events: { event: (e) => (isTerminal(e) ? null : undefined) } },
  },
  {
    name: 'str-cut-mid-terminal',
    fault: 'Closes the connection halfway through the terminal event, before its blank line.',
    expect: { requirements: ['AIP-STR-003', 'AIP-EVT-007'], verdict: 'fail' },
    when: wantsStream,
    stream: {
      events: {
        event: (e) => {
          if (!isTerminal(e)) return undefined;
          const whole = `event: ${e.event}\ndata: ${e.data}\n\n`;
          return { ...e, raw: whole.slice(0, Math.floor(whole.length / 2)) };
        },
      },
    },
  },
  {
    name: 'str-garbage-after-terminal',
    fault: 'Writes an unnamed, non-JSON event after the terminal event.',
    expect: { requirements: ['AIP-EVT-008'], verdict: 'fail' },
    when: wantsStream,
    stream: { framing: { trailer: 'data: trailing garbage\n\n' } },
  },
];
