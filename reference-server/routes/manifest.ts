import { AIP_VERSION, PROFILES } from '../../src/index.ts';
import { apiError } from '../api-error.ts';
import type { RequestContext } from '../http/context.ts';
import { single } from '../http/query.ts';
import type { Reply, Route } from '../http/router.ts';

/** Version of this reference implementation, published as `platform.version`. */
export const REFERENCE_SERVER_VERSION = '0.1.0';

/** Discovery: served without authentication (a key, if sent, is ignored). */
async function manifest(ctx: RequestContext): Promise<Reply> {
  const slug = single(ctx.query, 'agent');
  if (!slug.ok) return slug.error;
  if (slug.value === undefined) {
    return {
      kind: 'json',
      status: 200,
      body: {
        aip_version: AIP_VERSION,
        platform: { name: ctx.app.platformName, version: REFERENCE_SERVER_VERSION },
        profiles: [...PROFILES],
        agents: ctx.app.agents.list.map((a) => a.manifest),
      },
    };
  }
  const deployed = ctx.app.agents.get(slug.value);
  if (!deployed) {
    return apiError('agent_not_found', 'No agent with this slug is deployed here; omit `agent` to list every agent.', {
      field: '/query/agent',
    });
  }
  return { kind: 'json', status: 200, body: { aip_version: AIP_VERSION, agent: deployed.manifest } };
}

export const manifestRoutes: Route[] = [
  { path: '/.well-known/aip/agent', methods: { GET: { auth: false, body: 'none', handler: manifest } } },
];
