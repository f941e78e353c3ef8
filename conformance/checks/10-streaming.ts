/** §10 Streaming transport: response headers, WHATWG framing, the simple profile, incremental delivery, closing, disconnects. */
import type { Check } from '../types.ts';
import { PreconditionError } from '../types.ts';
import { portableStream, SLOW_AGENT, slowStream, streamSamples } from './_fixtures.ts';
import { createSession, readSession } from './_hub.ts';
import { describe, hubInvoke, isStreamResponse, PROMPT } from './_http.ts';
import { Findings, untestable } from './_outcome.ts';
import { eachStream } from './_streams.ts';

const S = '10';

const needsStream = (t: { agentStreams: boolean }) =>
  t.agentStreams ? undefined : 'the chosen agent does not advertise stream: true';

/** Framing problems of the parser that break the WHATWG grammar or UTF-8 (the rest are legal). */
const GRAMMAR_PROBLEMS = new Set(['invalid-utf8', 'incomplete-final-event', 'line-too-long', 'event-too-large']);

/** Events arriving within this of the terminal event count as delivered with it. */
const BURST_MS = 25;
/** Below this duration a stream is too fast to tell incremental from buffered delivery. */
const MIN_JUDGEABLE_MS = 150;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export const STREAMING_CHECKS: Check[] = [
  {
    id: 'stream.status-and-media-type',
    title: 'A stream is HTTP 200, text/event-stream, without Content-Length',
    section: S,
    requirements: ['AIP-STR-001'],
    profile: 'core',
    action: 'Invokes with stream: true (chosen, slow and failing agents when listed) and reads the response head',
    applies: needsStream,
    async run(ctx) {
      const f = new Findings();
      for (const s of await streamSamples(ctx, 'all')) {
        const res = s.res;
        if (!f.expect(res.status === 200, `${s.label}: ${describe(res)}`)) continue;
        const ct = res.headers['content-type'] ?? '';
        const [type, ...params] = ct.split(';').map((p) => p.trim().toLowerCase());
        f.expect(
          type === 'text/event-stream',
          `${s.label}: Content-Type is "${ct || '(none)'}", not text/event-stream`,
        );
        const others = params.filter((p) => p !== '' && p !== 'charset=utf-8');
        f.expect(
          others.length === 0,
          `${s.label}: Content-Type parameter(s) ${others.join('; ')}; only charset=utf-8 is allowed`,
        );
        f.expect(
          res.headers['content-length'] === undefined,
          `${s.label}: the stream carries Content-Length: ${res.headers['content-length']}`,
        );
      }
      return f.outcome('HTTP 200, Content-Type text/event-stream (optionally ;charset=utf-8), no Content-Length');
    },
  },
  {
    id: 'stream.cache-control',
    title: 'A stream carries Cache-Control: no-cache',
    section: S,
    requirements: ['AIP-STR-002'],
    profile: 'core',
    action: 'Reads Cache-Control of the stream responses',
    applies: needsStream,
    async run(ctx) {
      return eachStream(ctx, 'main', 'Cache-Control including no-cache', (_cap, f, s) => {
        const cc = s.res.headers['cache-control'] ?? '';
        f.expect(/(^|,)\s*no-cache\s*(,|$)/i.test(cc), `${s.label}: Cache-Control is "${cc || '(none)'}"`);
      });
    },
  },
  {
    id: 'stream.utf8-whatwg-grammar',
    title: 'A stream is UTF-8 text in the WHATWG event-stream grammar',
    section: S,
    requirements: ['AIP-STR-003'],
    profile: 'core',
    action:
      "Feeds every stream's bytes to the kit's WHATWG parser as they arrive and collects grammar and encoding problems",
    applies: needsStream,
    async run(ctx) {
      return eachStream(
        ctx,
        'all',
        'valid UTF-8, every line ended, every event terminated by a blank line',
        (cap, f, s) => {
          for (const p of cap.problems) {
            if (GRAMMAR_PROBLEMS.has(p.code))
              f.add(`${s.label}: ${p.code} at byte ${p.offset}${p.detail ? ` (${p.detail})` : ''}`);
          }
          if (s.res.failure?.code === 'too-large') f.add(`${s.label}: ${s.res.failure.message}`);
        },
      );
    },
  },
  {
    id: 'stream.simple-profile',
    title: 'A stream uses the simple profile: no BOM, LF only, one event and one data line per event',
    section: S,
    requirements: ['AIP-STR-005'],
    profile: 'core',
    action:
      'Reads the framing statistics of every stream (BOM, line endings, multi-line data, unknown fields, unnamed events)',
    applies: needsStream,
    async run(ctx) {
      return eachStream(
        ctx,
        'all',
        'UTF-8 without BOM, LF line ends only, one event: and one data: line per event',
        (cap, f, s) => {
          const st = cap.parser.stats;
          f.expect(!st.bom, `${s.label}: starts with a byte order mark`);
          f.expect(
            st.lineEndings.cr === 0 && st.lineEndings.crlf === 0,
            `${s.label}: line ends LF ${st.lineEndings.lf}, CR ${st.lineEndings.cr}, CRLF ${st.lineEndings.crlf}`,
          );
          f.expect(
            st.multiLineDataEvents === 0,
            `${s.label}: ${st.multiLineDataEvents} event(s) split data over several data: lines`,
          );
          const unknown = cap.problems.filter((p) => p.code === 'unknown-field').length;
          f.expect(unknown === 0, `${s.label}: ${unknown} line(s) with a field other than event, data, id or retry`);
          const unnamed = cap.events.filter((e) => e.type === 'message').length;
          f.expect(unnamed === 0, `${s.label}: ${unnamed} event(s) without an event: line`);
        },
      );
    },
  },
  {
    id: 'stream.incremental-delivery',
    title: 'Events are written as they are produced, not held back until the end',
    section: S,
    requirements: ['AIP-STR-007'],
    profile: 'core',
    action:
      'Streams the "slow" agent when listed (else the chosen agent) and compares arrival times: a server that holds events back delivers every content event together with the terminal one',
    applies: needsStream,
    async run(ctx) {
      const slow = ctx.target.hasAgent(SLOW_AGENT);
      const res = slow ? await ctx.use(slowStream) : await ctx.use(portableStream);
      const cap = res.stream;
      if (res.status !== 200 || !cap || !isStreamResponse(res))
        throw new PreconditionError(`the stream request did not return a stream (${describe(res)})`);
      const terminalAt = cap.terminalAtMs;
      if (terminalAt === undefined)
        return untestable(`the stream has no terminal event to measure against (${describe(res)})`);
      // The events between context assembly and the end: a buffering server delivers them together with the terminal event.
      const body = cap.events.filter(
        (e) => e.index < cap.terminalIndex! && e.type !== 'start' && e.type !== 'context_assembled',
      );
      const who = slow ? 'the slow agent' : `agent ${ctx.target.agent ?? '?'}`;
      if (body.length < 2)
        return untestable(
          `${who} sent ${body.length} event(s) between context_assembled and the terminal event; at least 2 are needed to judge delivery`,
        );
      if (terminalAt < MIN_JUDGEABLE_MS) {
        return untestable(
          `${who} finished ${Math.round(terminalAt)} ms after the request, too fast to tell incremental from buffered delivery; list a "slow" agent that takes ≥ ${MIN_JUDGEABLE_MS} ms to test this`,
        );
      }
      const early = body.filter((e) => e.atMs < terminalAt - BURST_MS);
      const detail = `${early.length} of ${body.length} content events arrived more than ${BURST_MS} ms before the terminal event (which came ${Math.round(terminalAt)} ms after the request)`;
      const f = new Findings();
      f.expect(early.length > 0, `every content event arrived together with the terminal event: ${detail}`);
      return f.outcome('content events delivered before the end of the run', detail);
    },
  },
  {
    id: 'stream.closed-after-terminal',
    title: 'The server ends the response after the terminal event',
    section: S,
    requirements: ['AIP-STR-009'],
    profile: 'core',
    action: 'After each terminal event, waits a grace period for the server to close the response',
    applies: needsStream,
    async run(ctx) {
      return eachStream(ctx, 'all', 'the response ends right after the terminal event', (cap, f, s) => {
        if (cap.terminalIndex === undefined) return;
        f.expect(s.res.failure?.code !== 'not-closed-after-terminal', `${s.label}: ${s.res.failure?.message ?? ''}`);
      });
    },
  },
  {
    id: 'stream.disconnect-cancels',
    title: 'A client disconnect cancels the invocation and saves nothing',
    section: S,
    requirements: ['AIP-STR-011'],
    profile: 'hub',
    action:
      'Creates a session; streams the "slow" agent (else the chosen agent) with it and hangs up after the first event; waits past the run\u2019s normal duration and reads the session',
    applies: needsStream,
    async run(ctx) {
      const agent = ctx.target.hasAgent(SLOW_AGENT) ? SLOW_AGENT : ctx.target.agent;
      if (!agent) throw new PreconditionError('no agent to invoke');
      const session = await createSession(ctx, 'disconnect');
      const res = await hubInvoke(
        ctx,
        { agent, prompt: PROMPT, session: session.id, stream: true },
        { label: 'stream, then hang up after the first event', disconnectWhen: (cap) => cap.events.length >= 1 },
      );
      if (res.status !== 200 || !res.stream)
        throw new PreconditionError(`the stream request did not return a stream (${describe(res)})`);
      if (res.stream.terminalIndex !== undefined || !res.disconnected) {
        return untestable(
          `agent ${agent} finished before the kit could hang up (its terminal event arrived with the first chunk); list a "slow" agent to test disconnects`,
        );
      }
      const typical =
        agent === SLOW_AGENT ? (await ctx.use(slowStream)).totalMs : (await ctx.use(portableStream)).totalMs;
      await sleep(Math.min(5_000, Math.max(300, typical * 1.5)));
      const after = await readSession(ctx, session.id, 'session after the disconnect');
      const f = new Findings();
      f.expect(
        after.data.blocks.length === 0,
        `after the client hung up, the session holds ${after.data.blocks.length} block(s): the invocation was not cancelled`,
        undefined,
        [res, after.res],
      );
      return f.outcome('no block saved for the abandoned invocation');
    },
  },
];
