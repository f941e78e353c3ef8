import type { CreateSessionRequest, ForkSessionRequest } from '../../src/index.ts';
import { apiError } from '../api-error.ts';
import type { RequestContext } from '../http/context.ts';
import { badCursor, pageQuery } from '../http/query.ts';
import { checkBody } from '../http/request-validation.ts';
import type { Reply, Route } from '../http/router.ts';
import { InvalidCursorError, type StoredSession } from '../storage/store.ts';
import { sessionSummaryView, sessionView } from '../views/session-view.ts';

const sessionNotFound = (field?: string) =>
  apiError(
    'session_not_found',
    'No session with this id is visible to this API key; check the id, or create a session with POST /v1/aip/sessions.',
    field === undefined ? {} : { field },
  );

const created = (session: StoredSession): Reply => ({
  kind: 'json',
  status: 201,
  body: { data: sessionView(session) },
});

async function createSession(ctx: RequestContext): Promise<Reply> {
  const invalid = checkBody('create-session-request', ctx.body);
  if (invalid) return invalid;
  const body = ctx.body as CreateSessionRequest;
  if (body.defaultAgent !== undefined && !ctx.app.agents.get(body.defaultAgent)) {
    return apiError(
      'agent_not_found',
      `No agent "${body.defaultAgent}" is deployed here; GET /v1/aip/agents lists them.`,
      { field: '/defaultAgent' },
    );
  }
  if (body.fromSession !== undefined) {
    // Forking through create takes name, tags and default agent from the request (AIP-SES-003).
    const fork = await ctx.app.store.forkSession(ctx.owner, body.fromSession, {
      name: body.name,
      tags: body.tags ?? [],
      defaultAgent: body.defaultAgent ?? null,
      includeByTag: body.includeByTag,
      excludeByTag: body.excludeByTag,
      includePinned: body.includePinned,
    });
    return fork ? created(fork) : sessionNotFound('/fromSession');
  }
  return created(
    await ctx.app.store.createSession(ctx.owner, {
      name: body.name,
      defaultAgent: body.defaultAgent,
      tags: body.tags ?? [],
    }),
  );
}

async function listSessions(ctx: RequestContext): Promise<Reply> {
  const paging = pageQuery(ctx.query);
  if (!paging.ok) return paging.error;
  try {
    const page = await ctx.app.store.listSessions(ctx.owner, paging.value);
    const meta = page.nextCursor === undefined ? { hasMore: false } : { hasMore: true, nextCursor: page.nextCursor };
    return { kind: 'json', status: 200, body: { data: page.items.map(sessionSummaryView), meta } };
  } catch (e) {
    if (e instanceof InvalidCursorError) return badCursor();
    throw e;
  }
}

async function getSession(ctx: RequestContext): Promise<Reply> {
  const session = await ctx.app.store.getSession(ctx.owner, ctx.params.sessionId!);
  return session ? { kind: 'json', status: 200, body: { data: sessionView(session) } } : sessionNotFound();
}

async function forkSession(ctx: RequestContext): Promise<Reply> {
  const invalid = checkBody('fork-session-request', ctx.body);
  if (invalid) return invalid;
  const body = ctx.body as ForkSessionRequest;
  const fork = await ctx.app.store.forkSession(ctx.owner, ctx.params.sessionId!, {
    name: body.name,
    includeByTag: body.includeByTag,
    excludeByTag: body.excludeByTag,
    includePinned: body.includePinned,
  });
  return fork ? created(fork) : sessionNotFound();
}

export const sessionRoutes: Route[] = [
  {
    path: '/v1/aip/sessions',
    methods: {
      GET: { auth: true, body: 'none', handler: listSessions },
      POST: { auth: true, body: 'json', handler: createSession },
    },
  },
  { path: '/v1/aip/sessions/:sessionId', methods: { GET: { auth: true, body: 'none', handler: getSession } } },
  {
    path: '/v1/aip/sessions/:sessionId/fork',
    methods: { POST: { auth: true, body: 'json-or-empty', handler: forkSession } },
  },
];
