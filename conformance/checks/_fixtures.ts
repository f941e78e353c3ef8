/**
 * Captures fetched once per run and shared by many checks: one JSON invoke and one stream per
 * invoke endpoint, the slow and failing agents' streams, agent manifest documents, and a set of
 * faulty requests whose error answers several error-envelope checks inspect.
 */
import type { ProbeResponse } from '../probe/index.ts';
import { PreconditionError, type Fixture, type FixtureContext } from '../types.ts';
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

export const SLOW_AGENT = 'slow';
export const FAILING_AGENT = 'failing';

const fixture = <T>(name: string, create: (ctx: FixtureContext) => Promise<T>): Fixture<T> => ({ name, create });

export const hubClaimed = (ctx: FixtureContext) => ctx.target.profiles.includes('hub');

export const portableJson = fixture('portable-json', (ctx) =>
  portableInvoke(ctx, portableBody(), { label: 'portable invoke, JSON' }),
);
export const portableStream = fixture('portable-stream', (ctx) =>
  portableInvoke(ctx, portableBody({ options: { stream: true } }), { label: 'portable invoke, stream' }),
);
export const hubJson = fixture('hub-json', (ctx) => hubInvoke(ctx, hubBody(ctx), { label: 'hub invoke, JSON' }));
export const hubStream = fixture('hub-stream', (ctx) =>
  hubInvoke(ctx, hubBody(ctx, { stream: true }), { label: 'hub invoke, stream' }),
);

function requireListed(ctx: FixtureContext, slug: string): void {
  if (!ctx.target.hasAgent(slug)) throw new PreconditionError(`the target lists no "${slug}" agent`);
}

export const slowStream = fixture('slow-stream', (ctx) => {
  requireListed(ctx, SLOW_AGENT);
  return portableInvoke(ctx, portableBody({ options: { stream: true } }), {
    agent: SLOW_AGENT,
    label: 'portable invoke of the slow agent, stream',
  });
});
export const failingStream = fixture('failing-stream', (ctx) => {
  requireListed(ctx, FAILING_AGENT);
  return portableInvoke(ctx, portableBody({ options: { stream: true } }), {
    agent: FAILING_AGENT,
    label: 'portable invoke of the failing agent, stream',
  });
});
export const failingJson = fixture('failing-json', (ctx) => {
  requireListed(ctx, FAILING_AGENT);
  return portableInvoke(ctx, portableBody(), {
    agent: FAILING_AGENT,
    label: 'portable invoke of the failing agent, JSON',
  });
});

export interface StreamSample {
  label: string;
  res: ProbeResponse;
  agent: string;
  /** The session the request named. */
  session: string | null;
}

/**
 * The streams the event checks judge. 'main': the chosen agent on each invoke endpoint the
 * target claims; 'all': plus the slow and failing agents when listed.
 */
export async function streamSamples(ctx: FixtureContext, which: 'main' | 'all' = 'all'): Promise<StreamSample[]> {
  const agent = agentOf(ctx);
  const out: StreamSample[] = [
    { label: `portable stream (${agent})`, res: await ctx.use(portableStream), agent, session: null },
  ];
  if (hubClaimed(ctx))
    out.push({ label: `hub stream (${agent})`, res: await ctx.use(hubStream), agent, session: null });
  if (which === 'all') {
    if (ctx.target.hasAgent(SLOW_AGENT) && agent !== SLOW_AGENT)
      out.push({ label: 'portable stream (slow)', res: await ctx.use(slowStream), agent: SLOW_AGENT, session: null });
    if (ctx.target.hasAgent(FAILING_AGENT) && agent !== FAILING_AGENT) {
      out.push({
        label: 'portable stream (failing)',
        res: await ctx.use(failingStream),
        agent: FAILING_AGENT,
        session: null,
      });
    }
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
