import type { RequestContext } from '../http/context.ts';
import type { Reply, Route } from '../http/router.ts';

async function listAgents(ctx: RequestContext): Promise<Reply> {
  return { kind: 'json', status: 200, body: { data: ctx.app.agents.list.map((a) => a.summary) } };
}

export const agentRoutes: Route[] = [
  { path: '/v1/aip/agents', methods: { GET: { auth: true, body: 'none', handler: listAgents } } },
];
