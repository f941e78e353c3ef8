/** §8 Hub invoke and invocation semantics: JSON vs stream, validation before work, sessions, saving, ids, usage, failures. */
import { sectionChecks } from './_section.ts';
import { describeViolations, validate } from '../../src/index.ts';
import type { ProbeResponse } from '../probe/index.ts';
import type { Check, CheckSpec, CheckContext } from '../types.ts';
import { PreconditionError } from '../types.ts';
import { checkError, errorCheck } from './_expect-error.ts';
import { conformanceAgentOf, needsConformanceAgent, SCRIPTS } from './_conformance-agent.ts';
import {
  failingJson,
  failingStream,
  hubClaimed,
  hubJson,
  portableJson,
  portableStream,
  streamSamples,
} from './_fixtures.ts';
import { contextSession, createSession, getSession, listAllBlocks } from './_hub.ts';
import {
  agentOf,
  dataOf,
  describe,
  HUB_INVOKE,
  hubBody,
  hubInvoke,
  isObject,
  isStreamResponse,
  NO_SUCH_AGENT,
  NO_SUCH_SESSION,
  portableBody,
  portableInvoke,
  PROMPT,
  requireData,
  SESSIONS,
} from './_http.ts';
import { Findings } from './_outcome.ts';
import { payload, terminalOf, unreadableStream } from './_streams.ts';

/** One negative test per required member, wrong type and bad enum of the hub request. */
const INVALID_BODIES: Array<{
  slug: string;
  what: string;
  body: (agent: string) => Record<string, unknown>;
  field: string;
}> = [
  { slug: 'missing-agent', what: 'no agent', body: () => ({ prompt: PROMPT }), field: '/agent' },
  { slug: 'agent-not-string', what: 'agent as a number', body: () => ({ agent: 7, prompt: PROMPT }), field: '/agent' },
  {
    slug: 'agent-not-slug',
    what: 'agent "Not A Slug!"',
    body: () => ({ agent: 'Not A Slug!', prompt: PROMPT }),
    field: '/agent',
  },
  { slug: 'missing-prompt', what: 'no prompt', body: (agent) => ({ agent }), field: '/prompt' },
  { slug: 'empty-prompt', what: 'an empty prompt', body: (agent) => ({ agent, prompt: '' }), field: '/prompt' },
  {
    slug: 'prompt-not-string',
    what: 'prompt as an object',
    body: (agent) => ({ agent, prompt: { content: PROMPT } }),
    field: '/prompt',
  },
  {
    slug: 'malformed-session',
    what: 'session without the sess_ prefix',
    body: (agent) => ({ agent, prompt: PROMPT, session: 'abc' }),
    field: '/session',
  },
  {
    slug: 'stream-not-boolean',
    what: 'stream "yes"',
    body: (agent) => ({ agent, prompt: PROMPT, stream: 'yes' }),
    field: '/stream',
  },
  {
    slug: 'save-not-boolean',
    what: 'saveToSession "no"',
    body: (agent) => ({ agent, prompt: PROMPT, saveToSession: 'no' }),
    field: '/saveToSession',
  },
  {
    slug: 'unknown-enrichment',
    what: 'enrichment "sometimes"',
    body: (agent) => ({ agent, prompt: PROMPT, enrichment: 'sometimes' }),
    field: '/enrichment',
  },
  {
    slug: 'context-not-object',
    what: 'context as an array',
    body: (agent) => ({ agent, prompt: PROMPT, context: [] }),
    field: '/context',
  },
  {
    slug: 'zero-max-tokens',
    what: 'context.maxTokens 0',
    body: (agent) => ({ agent, prompt: PROMPT, context: { maxTokens: 0 } }),
    field: '/context/maxTokens',
  },
  {
    slug: 'include-by-tag-not-array',
    what: 'context.includeByTag as a string',
    body: (agent) => ({ agent, prompt: PROMPT, context: { includeByTag: 'alpha' } }),
    field: '/context/includeByTag',
  },
  {
    slug: 'malformed-block-id',
    what: 'context.blockIds ["x"]',
    body: (agent) => ({ agent, prompt: PROMPT, context: { blockIds: ['x'] } }),
    field: '/context/blockIds/0',
  },
  {
    slug: 'recency-bias-out-of-range',
    what: 'enrichmentConfig.recencyBias 2',
    body: (agent) => ({ agent, prompt: PROMPT, enrichment: 'auto', enrichmentConfig: { recencyBias: 2 } }),
    field: '/enrichmentConfig/recencyBias',
  },
];

const invalidBodyChecks: CheckSpec[] = INVALID_BODIES.map((c) =>
  errorCheck({
    id: `invoke.rejects-${c.slug}`,
    title: `Hub invoke with ${c.what} gets 400 invalid_request`,
    requirements: ['AIP-HTTP-005', 'AIP-ERR-005'],
    profile: 'hub',
    action: `POST /v1/aip/invoke with ${c.what}`,
    request: (ctx) => ({ method: 'POST', path: HUB_INVOKE, json: c.body(agentOf(ctx)) }),
    expect: { status: 400, code: 'invalid_request', field: { related: c.field } },
  }),
);

const concatDeltas = (res: ProbeResponse) =>
  (res.stream?.events ?? [])
    .filter((e) => e.type === 'text_delta')
    .map((e) => String(payload(e)?.content ?? ''))
    .join('');

function blockIdsOf(data: Record<string, unknown>): string[] {
  return Array.isArray(data.blocksCreated) ? (data.blocksCreated as string[]) : [];
}

/** Invocation ids seen by the run: from JSON answers (data.id) and streams (start and terminal). */
async function invocationIds(ctx: CheckContext): Promise<Array<{ where: string; id: unknown }>> {
  const out: Array<{ where: string; id: unknown }> = [];
  const json: Array<[string, ProbeResponse]> = [['portable JSON', await ctx.use(portableJson)]];
  if (hubClaimed(ctx)) json.push(['hub JSON', await ctx.use(hubJson)]);
  if (ctx.target.conformanceAgent) json.push(['failed run JSON', await ctx.use(failingJson)]);
  for (const [where, res] of json) {
    const d = dataOf(res);
    if (d) out.push({ where, id: d.id });
  }
  if (ctx.target.agentStreams) {
    for (const s of await streamSamples(ctx, 'all')) {
      const start = s.res.stream?.events[0];
      if (start?.type === 'start') out.push({ where: `${s.label} start`, id: payload(start)?.invocationId });
    }
  }
  return out;
}

export const INVOKE_CHECKS: Check[] = sectionChecks(import.meta.url, [
  {
    id: 'invoke.json-response',
    title: 'A valid hub invoke gets 200 and an invoke-response',
    requirements: ['AIP-INV-001', 'AIP-INV-002'],
    profile: 'hub',
    action: 'POST /v1/aip/invoke {agent, prompt}; validate against invoke-response',
    async run(ctx) {
      const res = await ctx.use(hubJson);
      const f = new Findings();
      if (f.expect(res.status === 200, `the request was not accepted: ${describe(res)}`)) {
        const v = validate('invoke-response', res.json);
        if (!v.ok)
          f.add(
            `the body is not a valid invoke-response: ${res.jsonError ? `not JSON (${res.jsonError})` : describeViolations(v.violations)}`,
            ['AIP-INV-002'],
          );
      }
      return f.outcome('HTTP 200 and {"data": Invocation}');
    },
  },
  {
    id: 'invoke.stream-when-asked',
    title: 'stream: true gets 200 and an event stream',
    requirements: ['AIP-INV-003'],
    profile: 'core',
    action: 'Invoke with stream: true (options.stream on the portable endpoint) on every claimed invoke endpoint',
    applies: (t) => (t.agentStreams ? undefined : 'the chosen agent does not advertise stream: true'),
    async run(ctx) {
      const f = new Findings();
      for (const s of await streamSamples(ctx, 'main'))
        f.expect(s.res.status === 200 && isStreamResponse(s.res), `${s.label}: ${describe(s.res)}`);
      return f.outcome('HTTP 200, Content-Type text/event-stream');
    },
  },
  {
    id: 'invoke.stream-member-decides',
    title: 'The stream member alone chooses JSON or a stream, whatever Accept says',
    requirements: ['AIP-INV-004'],
    profile: 'core',
    action:
      'Invoke without stream but with "Accept: text/event-stream", and with stream: true but "Accept: application/json"',
    applies: (t) => (t.agentStreams ? undefined : 'the chosen agent does not advertise stream: true'),
    async run(ctx) {
      const f = new Findings();
      const json = await portableInvoke(ctx, portableBody(), {
        headers: { Accept: 'text/event-stream' },
        label: 'no stream, Accept: text/event-stream',
      });
      f.expect(
        json.status === 200 && !isStreamResponse(json) && dataOf(json) !== undefined,
        `portable, no stream, Accept text/event-stream: ${describe(json)}`,
      );
      const stream = await portableInvoke(ctx, portableBody({ options: { stream: true } }), {
        headers: { Accept: 'application/json' },
        label: 'stream, Accept: application/json',
      });
      f.expect(
        stream.status === 200 && isStreamResponse(stream),
        `portable, stream: true, Accept application/json: ${describe(stream)}`,
      );
      if (hubClaimed(ctx)) {
        const hj = await hubInvoke(ctx, hubBody(ctx), {
          headers: { Accept: 'text/event-stream' },
          label: 'hub, no stream, Accept: text/event-stream',
        });
        f.expect(
          hj.status === 200 && !isStreamResponse(hj) && dataOf(hj) !== undefined,
          `hub, no stream, Accept text/event-stream: ${describe(hj)}`,
        );
      }
      return f.outcome('JSON without stream, a stream with stream: true, regardless of Accept');
    },
  },
  errorCheck({
    id: 'invoke.unknown-agent',
    title: 'Hub invoke of an unknown agent gets 404 agent_not_found',
    requirements: ['AIP-INV-005'],
    profile: 'hub',
    action: `POST /v1/aip/invoke {agent: "${NO_SUCH_AGENT}"}`,
    request: () => ({ method: 'POST', path: HUB_INVOKE, json: { agent: NO_SUCH_AGENT, prompt: PROMPT } }),
    expect: { status: 404, code: 'agent_not_found' },
  }),
  {
    id: 'invoke.streaming-unsupported',
    title: 'Asking a non-streaming agent for a stream gets 400 streaming_unsupported',
    requirements: ['AIP-INV-006'],
    profile: 'core',
    action: 'Portable invoke with options.stream true of an agent whose manifest says stream: false',
    applies: (t) =>
      t.agents.some((a) => a.stream === false) ? undefined : 'every agent of the manifest advertises stream: true',
    async run(ctx) {
      const agent = ctx.target.agents.find((a) => a.stream === false)!.id;
      const res = await portableInvoke(ctx, portableBody({ options: { stream: true } }), {
        agent,
        label: `stream from ${agent}`,
      });
      const f = new Findings();
      checkError(f, res, { status: 400, code: 'streaming_unsupported' });
      return f.outcome('HTTP 400, code "streaming_unsupported"');
    },
  },
  {
    id: 'invoke.request-failure-not-streamed',
    title: 'A request failure with stream: true is a JSON error, never a 200 stream',
    requirements: ['AIP-INV-007'],
    profile: 'core',
    action:
      'Invoke with stream: true and a faulty request: an empty prompt, an unknown agent, an unknown session (and on the hub endpoint, a missing prompt)',
    async run(ctx) {
      const f = new Findings();
      const agent = agentOf(ctx);
      const cases: Array<[string, Promise<ProbeResponse>, { status: number; code: string }]> = [
        [
          'portable, empty prompt',
          portableInvoke(
            ctx,
            { aip_version: '0.1.0', prompt: { content: '' }, options: { stream: true } },
            { label: 'stream with an empty prompt' },
          ),
          { status: 400, code: 'invalid_request' },
        ],
        [
          'portable, unknown agent',
          portableInvoke(ctx, portableBody({ options: { stream: true } }), {
            agent: NO_SUCH_AGENT,
            label: 'stream from an unknown agent',
          }),
          { status: 404, code: 'agent_not_found' },
        ],
        [
          'portable, unknown session',
          portableInvoke(ctx, portableBody({ content: { session_id: NO_SUCH_SESSION }, options: { stream: true } }), {
            label: 'stream with an unknown session',
          }),
          { status: 404, code: 'session_not_found' },
        ],
      ];
      if (hubClaimed(ctx)) {
        cases.push([
          'hub, missing prompt',
          hubInvoke(ctx, { agent, stream: true }, { label: 'hub stream without prompt' }),
          { status: 400, code: 'invalid_request' },
        ]);
      }
      for (const [label, res, expect] of cases) checkError(f, await res, expect, label);
      return f.outcome('a non-2xx JSON error answer for each');
    },
  },
  {
    id: 'invoke.unknown-session',
    title: 'An unknown session gets 404 session_not_found, JSON or stream, and is not created',
    requirements: ['AIP-INV-008', 'AIP-SES-001'],
    profile: 'hub',
    action: `POST /v1/aip/invoke with session ${NO_SUCH_SESSION}, without and with stream: true; then GET that session`,
    async run(ctx) {
      const f = new Findings();
      const expect = { status: 404, code: 'session_not_found' };
      checkError(
        f,
        await hubInvoke(ctx, hubBody(ctx, { session: NO_SUCH_SESSION }), { label: 'JSON with an unknown session' }),
        expect,
        'JSON',
      );
      checkError(
        f,
        await hubInvoke(ctx, hubBody(ctx, { session: NO_SUCH_SESSION, stream: true }), {
          label: 'stream with an unknown session',
        }),
        expect,
        'stream: true',
      );
      const after = await ctx.send({
        method: 'GET',
        path: `${SESSIONS}/${NO_SUCH_SESSION}`,
        label: 'was the session created?',
      });
      f.expect(
        after.status === 404,
        `after the invokes, GET ${SESSIONS}/${NO_SUCH_SESSION} answers HTTP ${String(after.status)}: a session was created in its place`,
        ['AIP-INV-008'],
      );
      return f.outcome('HTTP 404 session_not_found as JSON in both modes; the session still does not exist');
    },
  },
  {
    id: 'invoke.ephemeral',
    title: 'An invoke without a session is ephemeral: session null, blocksCreated []',
    requirements: ['AIP-INV-009', 'AIP-INV-010'],
    profile: 'core',
    action: 'Invoke without a session, JSON and stream, on every claimed endpoint; read session and blocksCreated',
    async run(ctx) {
      const f = new Findings();
      const json: Array<[string, ProbeResponse]> = [['portable JSON', await ctx.use(portableJson)]];
      if (hubClaimed(ctx)) json.push(['hub JSON', await ctx.use(hubJson)]);
      for (const [label, res] of json) {
        const d = dataOf(res);
        if (!d) throw new PreconditionError(`${label} did not succeed (${describe(res)})`);
        f.expect(d.session === null, `${label}: data.session is ${JSON.stringify(d.session)}, expected null`);
        f.expect(
          Array.isArray(d.blocksCreated) && d.blocksCreated.length === 0,
          `${label}: blocksCreated is ${JSON.stringify(d.blocksCreated)}, expected []`,
        );
      }
      if (ctx.target.agentStreams) {
        for (const s of await streamSamples(ctx, 'main')) {
          const start = payload(s.res.stream?.events[0]);
          const term = s.res.stream ? terminalOf(s.res.stream) : undefined;
          if (start)
            f.expect(
              start.session === null,
              `${s.label}: start.session is ${JSON.stringify(start.session)}, expected null`,
            );
          if (term?.type === 'complete') {
            const c = payload(term)!;
            f.expect(c.session === null, `${s.label}: complete.session is ${JSON.stringify(c.session)}, expected null`);
            f.expect(
              Array.isArray(c.blocksCreated) && c.blocksCreated.length === 0,
              `${s.label}: complete.blocksCreated is ${JSON.stringify(c.blocksCreated)}, expected []`,
            );
          }
        }
      }
      return f.outcome('session null and blocksCreated [] wherever they appear');
    },
  },
  {
    id: 'invoke.session-echoed',
    title: 'The invocation echoes the session it named, in JSON and in start/complete',
    requirements: ['AIP-INV-010'],
    profile: 'hub',
    action: 'Creates a session; invokes with it (saveToSession false), as JSON and as a stream',
    async run(ctx) {
      const session = await createSession(ctx, 'session echo');
      const f = new Findings();
      const d = requireData(
        await hubInvoke(ctx, hubBody(ctx, { session: session.id, saveToSession: false }), {
          label: 'JSON with a session',
        }),
        'an invoke with a session',
      );
      f.expect(d.session === session.id, `data.session is ${JSON.stringify(d.session)}, expected "${session.id}"`);
      if (ctx.target.agentStreams) {
        const res = await hubInvoke(ctx, hubBody(ctx, { session: session.id, saveToSession: false, stream: true }), {
          label: 'stream with a session',
        });
        const start = payload(res.stream?.events[0]);
        const term = res.stream ? terminalOf(res.stream) : undefined;
        f.expect(
          start?.session === session.id,
          `start.session is ${JSON.stringify(start?.session)}, expected "${session.id}" (${describe(res)})`,
        );
        if (term?.type === 'complete')
          f.expect(
            payload(term)?.session === session.id,
            `complete.session is ${JSON.stringify(payload(term)?.session)}, expected "${session.id}"`,
          );
      }
      return f.outcome('the named session id in data.session, start.session and complete.session');
    },
  },
  {
    id: 'invoke.saves-exchange',
    title: 'A completed invocation with a session saves the exchange as blocks that are visible everywhere',
    requirements: ['AIP-INV-011', 'AIP-INV-013', 'AIP-INV-014'],
    profile: 'hub',
    action:
      'Creates a session; invokes with it (JSON, saveToSession absent); reads the session, its block list, and the next invocation\u2019s context_assembled',
    async run(ctx) {
      const session = await createSession(ctx, 'save exchange');
      const f = new Findings();
      const d = requireData(
        await hubInvoke(ctx, hubBody(ctx, { session: session.id }), { label: 'invoke that saves' }),
        'an invoke that saves',
      );
      const created = blockIdsOf(d);
      if (
        !f.expect(
          created.length >= 2,
          `blocksCreated is ${JSON.stringify(d.blocksCreated)}; expected at least the user and assistant conversation blocks`,
          ['AIP-INV-011'],
        )
      ) {
        return f.outcome();
      }
      const after = await getSession(ctx, session.id, 'session after the invoke');
      f.expect(
        JSON.stringify(after.blocks.slice(-created.length)) === JSON.stringify(created) &&
          after.blocks.length === created.length,
        `session.blocks is ${JSON.stringify(after.blocks)}; expected exactly blocksCreated ${JSON.stringify(created)} in that order`,
        ['AIP-INV-013', 'AIP-INV-014'],
      );
      const listed = await listAllBlocks(ctx, session.id);
      f.expect(
        JSON.stringify(listed.map((b) => b.id)) === JSON.stringify(created),
        `the block list holds ${JSON.stringify(listed.map((b) => b.id))}; expected ${JSON.stringify(created)}`,
        ['AIP-INV-014'],
      );
      const [first, second] = listed;
      f.expect(
        first?.type === 'conversation' && second?.type === 'conversation',
        `the first two saved blocks are of type ${first?.type} and ${second?.type}, expected conversation and conversation`,
        ['AIP-INV-011'],
      );
      if (ctx.target.agentStreams) {
        const next = await hubInvoke(ctx, hubBody(ctx, { session: session.id, saveToSession: false, stream: true }), {
          label: 'next invocation, stream',
        });
        const assembled = payload(next.stream?.events.find((e) => e.type === 'context_assembled'));
        const candidates = assembled
          ? [...((assembled.blockIds as string[]) ?? []), ...((assembled.droppedBlockIds as string[]) ?? [])]
          : [];
        f.expect(
          created.every((id) => candidates.includes(id)),
          `the next invocation's context_assembled does not consider the saved blocks (blockIds ∪ droppedBlockIds = ${JSON.stringify(candidates)}; ${describe(next)})`,
          ['AIP-INV-014'],
        );
      }
      return f.outcome(
        'two conversation blocks first, listed in blocksCreated, in session.blocks, in the block list, and context of the next invocation',
      );
    },
  },
  {
    id: 'invoke.no-save-when-false',
    title: 'saveToSession false writes nothing',
    requirements: ['AIP-INV-016'],
    profile: 'hub',
    action: 'Creates a session; invokes with it and saveToSession false; compares the session before and after',
    async run(ctx) {
      const session = await createSession(ctx, 'no save');
      const f = new Findings();
      const d = requireData(
        await hubInvoke(ctx, hubBody(ctx, { session: session.id, saveToSession: false }), {
          label: 'invoke with saveToSession false',
        }),
        'an invoke with saveToSession false',
      );
      f.expect(blockIdsOf(d).length === 0, `blocksCreated is ${JSON.stringify(d.blocksCreated)}, expected []`);
      const after = await getSession(ctx, session.id);
      f.expect(
        after.blocks.length === 0,
        `the session now holds ${after.blocks.length} block(s): ${JSON.stringify(after.blocks)}`,
      );
      return f.outcome('blocksCreated [] and no new block');
    },
  },
  {
    id: 'invoke.failed-saves-nothing',
    title: 'A failed invocation writes no block',
    requirements: ['AIP-INV-017'],
    profile: 'hub',
    action:
      'Creates a session; invokes the conformance agent with it and a script that fails, as JSON and as a stream; reads the session',
    applies: needsConformanceAgent('a run that fails after it started'),
    async run(ctx) {
      const session = await createSession(ctx, 'failed run');
      const f = new Findings();
      const json = await hubInvoke(
        ctx,
        { agent: conformanceAgentOf(ctx), prompt: SCRIPTS.fails, session: session.id },
        { label: 'failing script with a session, JSON' },
      );
      const d = dataOf(json);
      if (d)
        f.expect(blockIdsOf(d).length === 0, `JSON: blocksCreated is ${JSON.stringify(d.blocksCreated)}, expected []`);
      else f.add(`JSON: no invocation in the answer (${describe(json)})`);
      const stream = await hubInvoke(
        ctx,
        { agent: conformanceAgentOf(ctx), prompt: SCRIPTS.fails, session: session.id, stream: true },
        { label: 'failing script with a session, stream' },
      );
      const unread =
        unreadableStream(stream) ??
        (terminalOf(stream.stream!)?.type === 'error'
          ? undefined
          : {
              reason: `the failing script's stream ended with ${terminalOf(stream.stream!)?.type}, not error; see conformance.fail-with-code`,
              rootCause: 'conformance.fail-with-code',
            });
      const after = await getSession(ctx, session.id);
      if (after.blocks.length > 0 && unread !== undefined)
        // The blocks may come from a stream run that did not fail: only a readable stream can say.
        throw new PreconditionError(`the session holds ${after.blocks.length} block(s), but ${unread.reason}`, {
          rootCause: unread.rootCause,
        });
      f.expect(
        after.blocks.length === 0,
        `after two failed invocations the session holds ${after.blocks.length} block(s)`,
      );
      return f.outcome('blocksCreated [] and no new block');
    },
  },
  {
    id: 'invoke.invocation-count',
    title: 'invocationCount counts every validated invocation that named the session',
    requirements: ['AIP-INV-018'],
    profile: 'hub',
    action:
      'Creates a session; invokes with it (saving, not saving, a failing run with a conformance agent, and one invalid request); reads metrics.invocationCount',
    async run(ctx) {
      const session = await createSession(ctx, 'invocation count');
      let expected = 0;
      requireData(
        await hubInvoke(ctx, hubBody(ctx, { session: session.id }), { label: 'counted: saving' }),
        'an invoke with a session',
      );
      expected++;
      requireData(
        await hubInvoke(ctx, hubBody(ctx, { session: session.id, saveToSession: false }), {
          label: 'counted: not saving',
        }),
        'an invoke with saveToSession false',
      );
      expected++;
      if (ctx.target.conformanceAgent) {
        await hubInvoke(
          ctx,
          { agent: ctx.target.conformanceAgent, prompt: SCRIPTS.fails, session: session.id },
          { label: 'counted: failing run' },
        );
        expected++;
      }
      await hubInvoke(
        ctx,
        { ...hubBody(ctx, { session: session.id }), prompt: '' },
        { label: 'not counted: invalid request' },
      );
      const after = await getSession(ctx, session.id);
      const f = new Findings();
      f.expect(
        after.metrics.invocationCount === expected,
        `metrics.invocationCount is ${String(after.metrics.invocationCount)} after ${expected} validated invocation(s) and one invalid request`,
      );
      return f.outcome(`invocationCount ${expected}`);
    },
  },
  {
    id: 'invoke.ids-unique-and-consistent',
    title: 'Every invocation has its own inv_ id, the same in start and the terminal event',
    requirements: ['AIP-INV-019'],
    profile: 'core',
    action: 'Collects data.id of JSON answers and start/terminal invocationId of streams',
    async run(ctx) {
      const f = new Findings();
      const ids = await invocationIds(ctx);
      for (const { where, id } of ids)
        f.expect(
          typeof id === 'string' && /^inv_[A-Za-z0-9_-]+$/.test(id),
          `${where}: invocation id ${JSON.stringify(id)} is not an inv_ id`,
        );
      const seen = new Map<unknown, string>();
      for (const { where, id } of ids) {
        const before = seen.get(id);
        f.expect(before === undefined, `${where} reuses the invocation id ${JSON.stringify(id)} of ${before}`);
        seen.set(id, where);
      }
      if (ctx.target.agentStreams) {
        for (const s of await streamSamples(ctx, 'all')) {
          const cap = s.res.stream;
          const term = cap ? terminalOf(cap) : undefined;
          const start = payload(cap?.events[0]);
          if (term && start)
            f.expect(
              payload(term)?.invocationId === start.invocationId,
              `${s.label}: ${term.type}.invocationId ${JSON.stringify(payload(term)?.invocationId)} ≠ start.invocationId ${JSON.stringify(start.invocationId)}`,
            );
        }
      }
      if (ids.length === 0) throw new PreconditionError('no invocation succeeded, so no id could be read');
      return f.outcome('distinct inv_ ids; start.invocationId = terminal invocationId');
    },
  },
  {
    id: 'invoke.usage-consistent',
    title: 'usage: contextTokens is the assembled context, inputTokens ≥ contextTokens',
    requirements: ['AIP-INV-020', 'AIP-INV-021'],
    profile: 'core',
    action:
      'Reads usage of ephemeral JSON answers (no context, so contextTokens 0) and of stream complete events; on a hub, invokes on a session of tagged blocks as JSON and as a stream and compares usage with context_assembled',
    async run(ctx) {
      const f = new Findings();
      const json: Array<[string, ProbeResponse]> = [['portable JSON', await ctx.use(portableJson)]];
      if (hubClaimed(ctx)) json.push(['hub JSON', await ctx.use(hubJson)]);
      for (const [label, res] of json) {
        const usage = dataOf(res)?.usage;
        if (!isObject(usage)) {
          f.add(`${label}: no usage (${describe(res)})`);
          continue;
        }
        f.expect(
          usage.contextTokens === 0,
          `${label}: an ephemeral invocation without enrichment has no context, yet usage.contextTokens is ${JSON.stringify(usage.contextTokens)}`,
          ['AIP-INV-020'],
        );
        f.expect(
          Number(usage.inputTokens) >= Number(usage.contextTokens),
          `${label}: inputTokens ${String(usage.inputTokens)} < contextTokens ${String(usage.contextTokens)}`,
          ['AIP-INV-021'],
        );
      }
      if (ctx.target.agentStreams) {
        for (const s of await streamSamples(ctx, 'main')) {
          const term = s.res.stream ? terminalOf(s.res.stream) : undefined;
          const usage = term?.type === 'complete' ? payload(term)?.usage : undefined;
          if (isObject(usage))
            f.expect(
              Number(usage.inputTokens) >= Number(usage.contextTokens),
              `${s.label}: inputTokens ${String(usage.inputTokens)} < contextTokens ${String(usage.contextTokens)}`,
              ['AIP-INV-021'],
            );
        }
      }
      if (hubClaimed(ctx) && ctx.target.agentStreams) {
        // With real context: the JSON answer's contextTokens must be what the stream of the same request assembles.
        const cs = await ctx.use(contextSession);
        const body = hubBody(ctx, {
          session: cs.session.id,
          saveToSession: false,
          context: { includeByTag: ['alpha'] },
        });
        const json = dataOf(await hubInvoke(ctx, body, { label: 'JSON invoke with context' }));
        const stream = await hubInvoke(ctx, { ...body, stream: true }, { label: 'the same request, streamed' });
        const assembled = payload(stream.stream?.events.find((e) => e.type === 'context_assembled'));
        const usage = isObject(json?.usage) ? json.usage : undefined;
        if (!usage || !assembled)
          throw new PreconditionError(`the invocations with context did not succeed (${describe(stream)})`);
        f.expect(
          usage.contextTokens === assembled.tokenCount,
          `with context, JSON usage.contextTokens is ${String(usage.contextTokens)} but the same request's stream assembles ${String(assembled.tokenCount)} tokens`,
          ['AIP-INV-020'],
        );
        f.expect(
          Number(usage.inputTokens) >= Number(usage.contextTokens),
          `with context, JSON inputTokens ${String(usage.inputTokens)} < contextTokens ${String(usage.contextTokens)}`,
          ['AIP-INV-021'],
        );
        const term = stream.stream ? terminalOf(stream.stream) : undefined;
        const su = term?.type === 'complete' ? payload(term)?.usage : undefined;
        if (isObject(su))
          f.expect(
            Number(su.inputTokens) >= Number(su.contextTokens),
            `with context, the stream's inputTokens ${String(su.inputTokens)} < contextTokens ${String(su.contextTokens)}`,
            ['AIP-INV-021'],
          );
      }
      return f.outcome('contextTokens = the assembled context (0 without context); inputTokens ≥ contextTokens');
    },
  },
  {
    id: 'invoke.failed-run-json',
    title: 'A run failure in JSON mode is HTTP 200 with status failed and an error',
    requirements: ['AIP-INV-022', 'AIP-INV-023'],
    profile: 'core',
    action:
      'Invokes the conformance agent with a script that fails, without streaming; also reads completed answers for the absence of error',
    applies: needsConformanceAgent('a run that fails after it started'),
    async run(ctx) {
      const f = new Findings();
      const res = await ctx.use(failingJson);
      const d = dataOf(res);
      if (
        f.expect(
          res.status === 200 && d !== undefined,
          `the failing run's JSON answer is ${describe(res)}; expected HTTP 200 with {"data": Invocation}`,
          ['AIP-INV-022'],
        )
      ) {
        f.expect(d!.status === 'failed', `data.status is ${JSON.stringify(d!.status)}, expected "failed"`, [
          'AIP-INV-022',
        ]);
        const err = d!.error;
        f.expect(
          isObject(err) && typeof err.code === 'string',
          `data.error is ${JSON.stringify(err) ?? 'absent'}; expected an error object`,
          ['AIP-INV-022', 'AIP-INV-023'],
        );
      }
      const completed: Array<[string, ProbeResponse]> = [['portable JSON', await ctx.use(portableJson)]];
      if (hubClaimed(ctx)) completed.push(['hub JSON', await ctx.use(hubJson)]);
      for (const [label, r] of completed) {
        const c = dataOf(r);
        if (c?.status === 'completed')
          f.expect(!('error' in c), `${label}: a completed invocation carries an error member`, ['AIP-INV-023']);
      }
      return f.outcome('HTTP 200, status "failed", error present; no error when completed');
    },
  },
  {
    id: 'invoke.failed-run-keeps-output',
    title: 'A failed invocation reports the text produced before the failure',
    requirements: ['AIP-INV-024'],
    profile: 'core',
    action:
      'Compares the JSON output of a conformance-agent run that fails after some text with the text_delta content of the same run streamed',
    applies: needsConformanceAgent('a run that fails after it started'),
    async run(ctx) {
      const json = dataOf(await ctx.use(failingJson));
      const stream = await ctx.use(failingStream);
      const unread = unreadableStream(stream);
      if (unread) throw new PreconditionError(unread.reason, { rootCause: unread.rootCause });
      if (!json) throw new PreconditionError('the failing run did not answer with an invocation');
      const f = new Findings();
      const streamed = concatDeltas(stream);
      f.expect(
        json.output === streamed,
        `output is ${JSON.stringify(json.output)}; the stream produced ${JSON.stringify(streamed)} before its error`,
      );
      return f.outcome('output = the text produced before the failure');
    },
  },
  {
    id: 'invoke.stream-and-json-agree',
    title: 'The JSON answer and the stream of the same request agree',
    requirements: ['AIP-INV-025'],
    profile: 'core',
    action:
      'The same portable request as JSON and as a stream (and a failing run of the conformance agent, if any); compares outcome, session, blocksCreated, usage and error',
    applies: (t) => (t.agentStreams ? undefined : 'the chosen agent does not stream'),
    async run(ctx) {
      const f = new Findings();
      const pairs: Array<[string, ProbeResponse, ProbeResponse]> = [
        ['chosen agent', await ctx.use(portableJson), await ctx.use(portableStream)],
      ];
      if (ctx.target.conformanceAgent)
        pairs.push(['failing run', await ctx.use(failingJson), await ctx.use(failingStream)]);
      for (const [label, jsonRes, streamRes] of pairs) {
        const d = dataOf(jsonRes);
        const term = streamRes.stream ? terminalOf(streamRes.stream) : undefined;
        if (!d || !term) {
          f.add(`${label}: cannot compare (JSON: ${describe(jsonRes)}; stream: ${describe(streamRes)})`);
          continue;
        }
        const t = payload(term) ?? {};
        if (d.status === 'completed') {
          if (
            !f.expect(
              term.type === 'complete',
              `${label}: JSON status "completed" but the stream ended with ${term.type}`,
            )
          )
            continue;
          f.expect(
            typeof d.output === 'string' && typeof t.output === 'string',
            `${label}: output is not a string in both`,
          );
          f.expect(
            d.session === t.session,
            `${label}: session ${JSON.stringify(d.session)} (JSON) vs ${JSON.stringify(t.session)} (complete)`,
          );
          f.expect(
            JSON.stringify(d.blocksCreated) === JSON.stringify(t.blocksCreated),
            `${label}: blocksCreated ${JSON.stringify(d.blocksCreated)} (JSON) vs ${JSON.stringify(t.blocksCreated)} (complete)`,
          );
          const keys = (u: unknown) => (isObject(u) ? Object.keys(u).sort().join(',') : String(u));
          f.expect(
            keys(d.usage) === keys(t.usage),
            `${label}: usage members {${keys(d.usage)}} (JSON) vs {${keys(t.usage)}} (complete)`,
          );
        } else {
          if (
            !f.expect(
              term.type === 'error',
              `${label}: JSON status "${String(d.status)}" but the stream ended with ${term.type}`,
            )
          )
            continue;
          const je = isObject(d.error) ? d.error.code : undefined;
          const se = isObject(t.error) ? t.error.code : undefined;
          f.expect(
            je === se,
            `${label}: error.code ${JSON.stringify(je)} (JSON) vs ${JSON.stringify(se)} (error event)`,
          );
        }
      }
      return f.outcome(
        'completed ↔ complete with equal session, blocksCreated and usage shape; failed ↔ error with an equal code',
      );
    },
  },
  ...invalidBodyChecks,
]);
