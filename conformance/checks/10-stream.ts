/** §10 Streaming transport: response headers, WHATWG framing, the simple profile, incremental delivery, closing, disconnects. */
import { sectionChecks } from './_section.ts';
import type { ProbeResponse } from '../probe/index.ts';
import type { Check, CheckContext } from '../types.ts';
import { PreconditionError } from '../types.ts';
import { conformanceAgentOf, needsConformanceAgent, SCRIPTS } from './_conformance-agent.ts';
import { pacedStream, portableStream, streamSamples } from './_fixtures.ts';
import { createSession, readSession, type SessionData } from './_hub.ts';
import { describe, hubInvoke, isStreamResponse, PORTABLE_INVOKE, portableBody, PROMPT } from './_http.ts';
import { Findings, notApplicable, untestable } from './_outcome.ts';
import { eachStream, GRAMMAR_PROBLEMS } from './_streams.ts';

const needsStream = (t: { agentStreams: boolean }) =>
  t.agentStreams ? undefined : 'the chosen agent does not advertise stream: true';

/** Events arriving within this of the terminal event count as delivered with it. */
const BURST_MS = 25;
/** Below this duration a stream is too fast to tell incremental from buffered delivery. */
const MIN_JUDGEABLE_MS = 150;

/** AIP-STR-011: how soon after a disconnect the hub must have stopped the run. */
const CANCEL_BOUND_MS = 1_000;
/** The conformance agent's pause after its first event in the disconnect test: longer than the bound. */
const HANG_UP_PAUSE_MS = 1_500;
/** Slack for timers and the network before the kit reads the session. */
const MARGIN_MS = 200;
interface HangUp {
  session: SessionData;
  t0: number;
  hungUpAt: number;
  whole: ProbeResponse;
  cut: ProbeResponse;
}

/** Streams `prompt` twice at once: uninterrupted, and with a new session, hanging up at the first event. */
async function hangUp(ctx: CheckContext, agent: string, prompt: string): Promise<HangUp> {
  const session = await createSession(ctx, 'disconnect');
  const t0 = performance.now();
  let hungUpAt = 0;
  const [whole, cut] = await Promise.all([
    hubInvoke(ctx, { agent, prompt, stream: true }, { label: 'the same run, uninterrupted, to measure it' }),
    hubInvoke(
      ctx,
      { agent, prompt, session: session.id, stream: true },
      {
        label: 'stream with a session, then hang up after the first event',
        // Hanging up at `start` leaves the whole scripted pause ahead of the server.
        disconnectWhen: (cap) => cap.events.length >= 1,
      },
    ).then((r) => {
      hungUpAt = performance.now();
      return r;
    }),
  ]);
  return { session, t0, hungUpAt, whole, cut };
}

/** Longer than the 15 s heartbeat interval of AIP-STR-008. */
const HEARTBEAT_PAUSE_MS = 16_000;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export const STREAMING_CHECKS: Check[] = sectionChecks(import.meta.url, [
  {
    id: 'stream.status-and-media-type',
    title: 'A stream is HTTP 200, text/event-stream, without Content-Length',
    requirements: ['AIP-STR-001'],
    profile: 'core',
    action:
      'Invokes with stream: true (the chosen agent, and paced and failing runs of the conformance agent if any) and reads the response head',
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
    requirements: ['AIP-STR-007'],
    profile: 'core',
    action:
      'Streams the conformance agent with a paced script (else the chosen agent) and compares arrival times: a server that holds events back delivers every content event together with the terminal one',
    applies: needsStream,
    async run(ctx) {
      const paced = ctx.target.conformanceAgent !== undefined;
      const res = paced ? await ctx.use(pacedStream) : await ctx.use(portableStream);
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
      const who = paced ? 'the conformance agent (paced script)' : `agent ${ctx.target.agent ?? '?'}`;
      // Appendix A.31: a run too short or too sparse to pace has nothing to deliver early; that is no fault.
      const tooFast = needsConformanceAgent(
        'a run that takes a while',
        `pass --agent naming an agent that takes ≥ ${MIN_JUDGEABLE_MS} ms and sends ≥ 2 content events`,
      )(ctx.target);
      if (body.length < 2)
        return paced || !tooFast
          ? untestable(
              `${who} sent ${body.length} event(s) between context_assembled and the terminal event; at least 2 are needed to judge delivery`,
            )
          : notApplicable(`${who} sent ${body.length} content event(s); ${tooFast}`);
      if (terminalAt < MIN_JUDGEABLE_MS) {
        const why = `${who} finished ${Math.round(terminalAt)} ms after the request, too fast to tell incremental from buffered delivery`;
        return paced || !tooFast ? untestable(why) : notApplicable(`${why}; ${tooFast}`);
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
    title: 'A client disconnect cancels the invocation within the bound and saves nothing',
    requirements: ['AIP-STR-011'],
    profile: 'hub',
    action:
      'Creates a session; streams a run with it (with the conformance agent: a pause of 1.5 s after its first text) and hangs up after the first event, while the same run streams uninterrupted beside it; waits until the uninterrupted run has ended (and at least the 1 s bound of AIP-STR-011 has passed), then reads the session',
    waits: true,
    applies: needsStream,
    async run(ctx) {
      const conformance = ctx.target.conformanceAgent;
      const agent = conformance ?? ctx.target.agent;
      if (!agent) throw new PreconditionError('no agent to invoke');
      // With the conformance agent the run pauses longer than the bound after its first event, so a
      // server that honours the bound can never complete it: hanging up never races the end
      // (Appendix A.30). On a slow link the first event can arrive late; the pause then grows
      // with the measured delay and the kit tries once more.
      let pause = HANG_UP_PAUSE_MS;
      let attempt = await hangUp(ctx, agent, conformance ? SCRIPTS.pause(pause) : PROMPT);
      const lagOf = (a: HangUp) => a.cut.stream?.events[0]?.atMs ?? 0;
      if (conformance && attempt.cut.stream && lagOf(attempt) > pause - CANCEL_BOUND_MS) {
        pause = Math.ceil(2 * lagOf(attempt)) + HANG_UP_PAUSE_MS;
        attempt = await hangUp(ctx, agent, SCRIPTS.pause(pause));
      }
      const { whole, cut, hungUpAt, t0, session } = attempt;
      if (cut.status !== 200 || !cut.stream)
        throw new PreconditionError(`the stream request did not return a stream (${describe(cut)})`);
      if (whole.stream?.terminalAtMs === undefined)
        throw new PreconditionError(`the uninterrupted run did not end with a terminal event (${describe(whole)})`);
      if (cut.stream.terminalIndex !== undefined || !cut.disconnected) {
        const why = `agent ${agent} sent its terminal event with its first event, so the kit could not hang up before the end`;
        return conformance
          ? untestable(why)
          : notApplicable(
              `${why}; ${needsConformanceAgent('a run that pauses after its first event', 'pass --agent naming an agent that pauses between events')(ctx.target)}`,
            );
      }
      if (conformance && lagOf(attempt) > pause - CANCEL_BOUND_MS)
        return untestable(
          `the first event took ${Math.round(lagOf(attempt))} ms to arrive even with a ${pause} ms pause, so the server may have had less than the ${CANCEL_BOUND_MS} ms bound of work left when the kit hung up`,
        );
      const runEnd = t0 + whole.totalMs * 1.1;
      const waitUntil = Math.max(runEnd, hungUpAt + CANCEL_BOUND_MS) + MARGIN_MS;
      await sleep(Math.max(0, waitUntil - performance.now()));
      const waited = Math.round(performance.now() - hungUpAt);
      const after = await readSession(ctx, session.id, 'session after the disconnect');
      const f = new Findings();
      f.expect(
        after.data.blocks.length === 0,
        `${waited} ms after the client hung up (an uninterrupted run took ${Math.round(whole.totalMs)} ms), the session holds ${after.data.blocks.length} block(s): the invocation was not cancelled`,
        undefined,
        [cut, after.res],
      );
      return f.outcome(
        'no block saved for the abandoned invocation',
        `hung up ${Math.round(hungUpAt - t0)} ms into the run; read the session ${waited} ms later (an uninterrupted run took ${Math.round(whole.totalMs)} ms)`,
      );
    },
  },
  {
    id: 'stream.heartbeat',
    title: 'A stream silent for 15 s carries a keep-alive comment',
    requirements: ['AIP-STR-008'],
    profile: 'core',
    action: `Streams the conformance agent with a ${HEARTBEAT_PAUSE_MS / 1000} s pause after its first event and looks for a comment line in the silence (opt-in: it takes ${HEARTBEAT_PAUSE_MS / 1000} s)`,
    waits: true,
    applies: (t) =>
      needsStream(t) ??
      (t.slowChecks
        ? needsConformanceAgent(`a stream that stays silent for ${HEARTBEAT_PAUSE_MS / 1000} s`)(t)
        : `opt-in because it holds a stream open for ${HEARTBEAT_PAUSE_MS / 1000} s: pass --slow-checks (RunOptions.slowChecks) to run it`),
    async run(ctx) {
      const res = await ctx.send({
        method: 'POST',
        path: PORTABLE_INVOKE,
        headers: { 'X-AIP-Agent': conformanceAgentOf(ctx) },
        json: {
          ...portableBody({ options: { stream: true } }),
          prompt: { content: SCRIPTS.pause(HEARTBEAT_PAUSE_MS) },
        },
        label: `conformance agent, ${HEARTBEAT_PAUSE_MS / 1000} s pause, stream`,
        timeoutMs: Math.max(ctx.timeoutMs, HEARTBEAT_PAUSE_MS + 10_000),
      });
      const cap = res.stream;
      if (res.status !== 200 || !cap || cap.terminalAtMs === undefined)
        throw new PreconditionError(`the paused run did not stream to its end (${describe(res)})`);
      const first = cap.events.find((e) => e.type === 'text_delta');
      const last = cap.events.filter((e) => e.type === 'text_delta').at(-1);
      if (!first || !last || first === last)
        throw new PreconditionError(
          'the paused run did not send its two text pieces (see conformance.follows-directives)',
        );
      const inSilence = cap.comments.filter((c) => c.atMs > first.atMs && c.atMs < last.atMs);
      const f = new Findings();
      f.expect(
        inSilence.length > 0,
        `no comment line arrived during ${Math.round(last.atMs - first.atMs)} ms without events`,
      );
      return f.outcome(
        'a keep-alive comment within the silence',
        `${inSilence.length} comment(s) during ${Math.round(last.atMs - first.atMs)} ms of silence`,
      );
    },
  },
]);
