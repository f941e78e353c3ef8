/**
 * §19 The conformance agent: when a target marks one, it must do what its directives say, since
 * every check that asks it for a behaviour relies on that. Without one these checks are n/a.
 */
import { sectionChecks } from './_section.ts';
import type { CapturedEvent } from '../probe/index.ts';
import type { Check } from '../types.ts';
import { PreconditionError } from '../types.ts';
import { needsConformanceAgent, SCRIPTS } from './_conformance-agent.ts';
import { failingStream, pacedStream, scripted } from './_fixtures.ts';
import { dataOf, describe, isObject, PROMPT } from './_http.ts';
import { Findings } from './_outcome.ts';
import { CONTENT_EVENTS, payload, terminalOf } from './_streams.ts';

const applies = needsConformanceAgent('nothing else: these checks test the conformance agent itself');

/** Every content directive once, with the event each must produce (§19.2). */
const EVERY_DIRECTIVE: Array<[string, string, Record<string, unknown>]> = [
  ['@aip thinking Planning the check.', 'thinking', { content: 'Planning the check.' }],
  ['@aip text  first line\\nsecond line', 'text_delta', { content: ' first line\nsecond line' }],
  ['@aip call kit_1 run_check {"n": 1}', 'tool_call', { id: 'kit_1', tool: 'run_check', input: { n: 1 } }],
  ['@aip edit create src/kit.ts kit_1', 'file_edit', { operation: 'create', path: 'src/kit.ts', toolCallId: 'kit_1' }],
  [
    '@aip url https://preview.example/kit kit_1',
    'dev_url',
    { url: 'https://preview.example/kit', toolCallId: 'kit_1' },
  ],
  ['@aip result kit_1 checked', 'tool_result', { toolCallId: 'kit_1', output: 'checked' }],
  ['@aip context', 'text_delta', { content: 'context:' }],
];

const contentOf = (events: CapturedEvent[]) => events.filter((e) => CONTENT_EVENTS.includes(e.type));

/** True when every member of `want` is in `got` with an equal (JSON) value. */
function hasMembers(got: unknown, want: Record<string, unknown>): boolean {
  return isObject(got) && Object.entries(want).every(([k, v]) => JSON.stringify(got[k]) === JSON.stringify(v));
}

export const CONFORMANCE_AGENT_CHECKS: Check[] = sectionChecks(import.meta.url, [
  {
    id: 'conformance.marked',
    title: 'One agent at most is marked as the conformance agent, and it streams',
    requirements: ['AIP-CONF-002'],
    profile: 'core',
    action: 'Reads the "conformance" member of every agent of the platform manifest',
    applies,
    async run(ctx) {
      const marked = ctx.target.agents.filter((a) => (a as { conformance?: unknown }).conformance === true);
      const f = new Findings();
      f.expect(marked.length === 1, `${marked.length} agents are marked: ${marked.map((a) => a.id).join(', ')}`);
      for (const a of marked)
        f.expect(a.stream === true, `the conformance agent ${a.id} has stream ${String(a.stream)}`);
      return f.outcome('exactly one marked agent, with stream: true', `the conformance agent is ${marked[0]?.id}`);
    },
  },
  {
    id: 'conformance.follows-directives',
    title: 'The conformance agent produces exactly the events its directives ask for, in order',
    requirements: ['AIP-CONF-004'],
    profile: 'core',
    action:
      'Streams the conformance agent with one directive of each kind, between ignored lines, and compares the content events with the script',
    applies,
    async run(ctx) {
      const script = ['Lines without the prefix are ignored.', ...EVERY_DIRECTIVE.map(([line]) => line), 'The end.'];
      const res = await scripted(ctx, script.join('\n'), true, 'conformance agent, every directive, stream');
      if (res.status !== 200 || !res.stream)
        throw new PreconditionError(`the scripted run did not return a stream (${describe(res)})`);
      const got = contentOf(res.stream.events);
      const f = new Findings();
      f.expect(
        got.length === EVERY_DIRECTIVE.length,
        `${got.length} content events (${got.map((e) => e.type).join(', ')}) for ${EVERY_DIRECTIVE.length} directives`,
      );
      EVERY_DIRECTIVE.forEach(([line, type, members], i) => {
        const e = got[i];
        if (!e) return;
        f.expect(
          e.type === type && hasMembers(payload(e), members),
          `${JSON.stringify(line)} produced ${e.type} ${JSON.stringify(payload(e))}; expected ${type} with ${JSON.stringify(members)}`,
        );
      });
      f.expect(terminalOf(res.stream)?.type === 'complete', `the run ended with ${describe(res)}`);
      return f.outcome(
        'one event per directive, with the payload the directive names',
        `${got.length} events as scripted`,
      );
    },
  },
  {
    id: 'conformance.default-script',
    title: 'Without directives, the conformance agent shows every content event',
    requirements: ['AIP-CONF-005'],
    profile: 'core',
    action: 'Streams the conformance agent with a prompt that holds no directive',
    applies,
    async run(ctx) {
      const res = await scripted(ctx, PROMPT, true, 'conformance agent, no directive, stream');
      if (res.status !== 200 || !res.stream)
        throw new PreconditionError(`the run did not return a stream (${describe(res)})`);
      const seen = new Set(contentOf(res.stream.events).map((e) => e.type));
      const f = new Findings();
      const missing = CONTENT_EVENTS.filter((k) => !seen.has(k));
      f.expect(missing.length === 0, `the default script showed no ${missing.join(', ')} event`);
      return f.outcome('every content event at least once', `showed ${[...seen].join(', ')}`);
    },
  },
  {
    id: 'conformance.delay-honoured',
    title: 'The conformance agent waits as long as @aip delay says',
    requirements: ['AIP-CONF-006'],
    profile: 'core',
    action: 'Streams the paced script (two delays of 120 ms) and measures when the terminal event arrives',
    applies,
    async run(ctx) {
      const res = await ctx.use(pacedStream);
      const at = res.stream?.terminalAtMs;
      if (res.status !== 200 || at === undefined)
        throw new PreconditionError(`the paced run did not stream to its end (${describe(res)})`);
      const f = new Findings();
      f.expect(at >= 240, `the terminal event arrived ${Math.round(at)} ms after the request, before 240 ms of delays`);
      return f.outcome('the run lasted at least its delays', `terminal event after ${Math.round(at)} ms`);
    },
  },
  {
    id: 'conformance.fail-with-code',
    title: '@aip fail ends the run as failed with the code given, after the earlier events',
    requirements: ['AIP-CONF-007'],
    profile: 'core',
    action: 'Streams a script that fails with agent_error after text, and one that fails with internal_error',
    applies,
    async run(ctx) {
      const runs: Array<[string, string, string]> = [
        ['agent_error', SCRIPTS.fails, 'Starting on it'],
        ['internal_error', SCRIPTS.internalError, 'Starting'],
      ];
      const f = new Findings();
      for (const [code, script, before] of runs) {
        const res =
          code === 'agent_error'
            ? await ctx.use(failingStream)
            : await scripted(ctx, script, true, `conformance agent, fails with ${code}, stream`);
        if (!res.stream) throw new PreconditionError(`the failing run did not return a stream (${describe(res)})`);
        const term = terminalOf(res.stream);
        const err = payload(term)?.error;
        f.expect(
          term?.type === 'error' && isObject(err) && err.code === code,
          `"@aip fail ${code}" ended the stream with ${term?.type ?? 'nothing'} ${JSON.stringify(payload(term) ?? null)}`,
        );
        const text = contentOf(res.stream.events)
          .filter((e) => e.type === 'text_delta')
          .map((e) => String(payload(e)?.content ?? ''))
          .join('');
        f.expect(
          text === before,
          `before failing with ${code} the run sent ${JSON.stringify(text)}, expected ${JSON.stringify(before)}`,
        );
      }
      return f.outcome('an error event with the scripted code, after the scripted text');
    },
  },
  {
    id: 'conformance.bad-directive-fails',
    title: 'An unknown directive fails the run with agent_error',
    requirements: ['AIP-CONF-008'],
    profile: 'core',
    action:
      'Invokes the conformance agent (JSON) with "@aip no-such-directive" and with a result for a call never made',
    applies,
    async run(ctx) {
      const f = new Findings();
      for (const script of ['@aip no-such-directive', '@aip result never_called']) {
        const res = await scripted(ctx, script, false, `conformance agent, ${script}, JSON`);
        const d = dataOf(res);
        if (!f.expect(res.status === 200 && d !== undefined, `${JSON.stringify(script)}: ${describe(res)}`)) continue;
        const err = d!.error;
        f.expect(
          d!.status === 'failed' && isObject(err) && err.code === 'agent_error',
          `${JSON.stringify(script)}: status ${JSON.stringify(d!.status)}, error ${JSON.stringify(err) ?? 'absent'}; expected failed with agent_error`,
        );
      }
      return f.outcome('status failed, code agent_error');
    },
  },
]);
