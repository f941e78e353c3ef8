/**
 * Captures fetched once per run and shared by many checks: one JSON invoke and one stream per
 * invoke endpoint, the conformance agent's paced and failing runs, agent manifest documents, and a
 * set of faulty requests whose error answers several error-envelope checks inspect.
 */
import type { ProbeResponse } from '../probe/index.ts';
import type { Fixture, FixtureContext } from '../types.ts';
import { conformanceAgentOf, SCRIPTS } from './_conformance-agent.ts';
import {
  agentOf,
  hubBody,
  hubInvoke,
  MANIFEST,
  NO_SUCH_AGENT,
  NO_SUCH_SESSION,
  portableBody,
  portableInvoke,
  PORTABLE_INVOKE,
  SESSIONS,
} from './_http.ts';

const fixture = <T>(name: string, create: (ctx: FixtureContext) => Promise<T>): Fixture<T> => ({ name, create });

export const hubClaimed = (ctx: FixtureContext) => ctx.target.profiles.includes('hub');

export const portableJson = fixture('portable-json', (ctx) =>
  portableInvoke(ctx, portableBody(), { label: 'portable invoke, JSON' }),
);
export const portableStream = fixture('portable-stream', async (ctx) => {
  const res = await portableInvoke(ctx, portableBody({ options: { stream: true } }), {
    label: 'portable invoke, stream',
  });
  // What the console header says the chosen agent showed.
  if (res.stream) ctx.target.firstStream = res.stream.events.map((e) => e.type);
  return res;
});
export const hubJson = fixture('hub-json', (ctx) => hubInvoke(ctx, hubBody(ctx), { label: 'hub invoke, JSON' }));
export const hubStream = fixture('hub-stream', (ctx) =>
  hubInvoke(ctx, hubBody(ctx, { stream: true }), { label: 'hub invoke, stream' }),
);

/** A portable invoke of the conformance agent with `script` as its prompt. */
export function scripted(ctx: FixtureContext, script: string, stream: boolean, label: string): Promise<ProbeResponse> {
  const body = { ...portableBody(stream ? { options: { stream: true } } : {}), prompt: { content: script } };
  return portableInvoke(ctx, body, { agent: conformanceAgentOf(ctx), label });
}

export const pacedStream = fixture('paced-stream', (ctx) =>
  scripted(ctx, SCRIPTS.paced, true, 'conformance agent, paced script, stream'),
);
export const failingStream = fixture('failing-stream', (ctx) =>
  scripted(ctx, SCRIPTS.fails, true, 'conformance agent, failing script, stream'),
);
export const failingJson = fixture('failing-json', (ctx) =>
  scripted(ctx, SCRIPTS.fails, false, 'conformance agent, failing script, JSON'),
);

export interface StreamSample {
  label: string;
  res: ProbeResponse;
  agent: string;
  /** The session the request named. */
  session: string | null;
}

/**
 * The streams the event checks judge. 'main': the chosen agent on each invoke endpoint the
 * target claims; 'all': plus a paced and a failing run of the conformance agent, when there is one.
 */
export async function streamSamples(ctx: FixtureContext, which: 'main' | 'all' = 'all'): Promise<StreamSample[]> {
  const agent = agentOf(ctx);
  const out: StreamSample[] = [
    { label: `portable stream (${agent})`, res: await ctx.use(portableStream), agent, session: null },
  ];
  if (hubClaimed(ctx))
    out.push({ label: `hub stream (${agent})`, res: await ctx.use(hubStream), agent, session: null });
  const conformance = ctx.target.conformanceAgent;
  if (which === 'all' && conformance !== undefined) {
    const paced = await ctx.use(pacedStream);
    const failing = await ctx.use(failingStream);
    out.push(
      { label: `portable stream (${conformance}, paced script)`, res: paced, agent: conformance, session: null },
      { label: `portable stream (${conformance}, failing script)`, res: failing, agent: conformance, session: null },
    );
  }
  return out;
}

export const agentDocuments = fixture('agent-documents', async (ctx) => {
  const agents = ctx.target.agents.slice(0, 10);
  return Promise.all(
    agents.map(async (a) => ({
      slug: a.id,
      res: await ctx.send({
        method: 'GET',
        path: `${MANIFEST}?agent=${encodeURIComponent(a.id)}`,
        auth: 'none',
        label: `agent manifest of ${a.id}`,
      }),
    })),
  );
});

export interface ErrorSample {
  label: string;
  status: number;
  code: string;
  res: ProbeResponse;
}

/** Faulty requests with a known catalogue answer, sent once; the envelope checks read them all. */
export const errorSamples = fixture('error-samples', async (ctx): Promise<ErrorSample[]> => {
  const agent = ctx.target.agent ?? NO_SUCH_AGENT;
  type Send = (c: FixtureContext) => Promise<ProbeResponse>;
  const cases: Array<{ label: string; status: number; code: string; send: Send }> = [
    {
      label: 'unknown path',
      status: 404,
      code: 'not_found',
      send: (c) => c.send({ method: 'GET', path: `/.well-known/aip/no-such-path-${ctx.runId}` }),
    },
    {
      label: 'wrong method',
      status: 405,
      code: 'method_not_allowed',
      send: (c) => c.send({ method: 'GET', path: PORTABLE_INVOKE }),
    },
    {
      label: 'missing key',
      status: 401,
      code: 'unauthorized',
      send: (c) => portableInvoke(c, portableBody(), { agent, auth: 'none' }),
    },
    {
      label: 'wrong media type',
      status: 415,
      code: 'unsupported_media_type',
      send: (c) =>
        c.send({
          method: 'POST',
          path: PORTABLE_INVOKE,
          headers: { 'X-AIP-Agent': agent, 'Content-Type': 'text/plain' },
          body: JSON.stringify(portableBody()),
        }),
    },
    {
      label: 'unparsable JSON',
      status: 400,
      code: 'invalid_json',
      send: (c) =>
        c.send({
          method: 'POST',
          path: PORTABLE_INVOKE,
          headers: { 'X-AIP-Agent': agent, 'Content-Type': 'application/json' },
          body: '{"aip_version": "0.1.0",',
        }),
    },
    {
      label: 'schema violation',
      status: 400,
      code: 'invalid_request',
      send: (c) => portableInvoke(c, { aip_version: '0.1.0' }, { agent }),
    },
    {
      label: 'missing X-AIP-Agent',
      status: 400,
      code: 'agent_header_required',
      send: (c) => portableInvoke(c, portableBody(), { agent: null }),
    },
    {
      label: 'unknown agent',
      status: 404,
      code: 'agent_not_found',
      send: (c) => portableInvoke(c, portableBody(), { agent: NO_SUCH_AGENT }),
    },
    {
      label: 'unsupported version',
      status: 400,
      code: 'unsupported_version',
      send: (c) => portableInvoke(c, { ...portableBody(), aip_version: '99.0.0' }, { agent }),
    },
    {
      label: 'unknown agent manifest',
      status: 404,
      code: 'agent_not_found',
      send: (c) => c.send({ method: 'GET', path: `${MANIFEST}?agent=${NO_SUCH_AGENT}`, auth: 'none' }),
    },
  ];
  if (hubClaimed(ctx)) {
    cases.push(
      {
        label: 'unknown session',
        status: 404,
        code: 'session_not_found',
        send: (c) => c.send({ method: 'GET', path: `${SESSIONS}/${NO_SUCH_SESSION}` }),
      },
      {
        label: 'bad list limit',
        status: 400,
        code: 'invalid_request',
        send: (c) => c.send({ method: 'GET', path: `${SESSIONS}?limit=0` }),
      },
    );
  }
  return Promise.all(
    cases.map(async (c) => ({
      label: c.label,
      status: c.status,
      code: c.code,
      res: await c.send(labelled(ctx, `error sample: ${c.label}`)),
    })),
  );
});

/** Relabels the exchanges a helper records, so evidence says which faulty request each one was. */
function labelled(ctx: FixtureContext, label: string): FixtureContext {
  return { ...ctx, send: (req) => ctx.send({ label, ...req }) };
}
