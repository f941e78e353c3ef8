/** §6 Agent manifest (and §15 manifest versioning). */
import { manifestHash } from '../../../src/index.ts';
import { relay } from '../proxy.ts';
import { MANIFEST, errorResponse } from '../helpers.ts';
import type { Mutant, ProxyRequest } from '../types.ts';

type Agent = Record<string, any>;

const isManifest = (req: ProxyRequest) => req.method === 'GET' && req.path === MANIFEST;
const isPlatformDoc = (req: ProxyRequest) => isManifest(req) && !req.query.has('agent');
const isAgentDoc = (req: ProxyRequest) => isManifest(req) && req.query.has('agent');

/**
 * Edits every agent manifest in both documents alike. With `rehash` the hash is recomputed, so
 * the edit is the only fault; without it the stale hash is the fault.
 */
function editAgents(change: (agent: Agent) => void, rehash = true): Mutant['json'] {
  const apply = (agent: Agent) => {
    change(agent);
    if (rehash) agent.manifest_hash = manifestHash(agent);
  };
  return (body) => {
    if (Array.isArray(body?.agents)) body.agents.forEach(apply);
    if (body?.agent && typeof body.agent === 'object') apply(body.agent);
    return body;
  };
}

export const MAN_MUTANTS: Mutant[] = [
  {
    name: 'man-agent-not-slug-400',
    fault: 'Answers `?agent=` with a value that is not a slug with 400 invalid_request instead of 404 agent_not_found.',
    expect: { requirements: ['AIP-MAN-003'], verdict: 'fail' },
    when: (req) =>
      req.path === MANIFEST && req.query.has('agent') && !/^[a-z0-9][a-z0-9._-]{0,63}$/.test(req.query.get('agent')!),
    respond: () => errorResponse(400, 'invalid_request', { field: '/query/agent' }),
  },
  {
    name: 'man-platform-without-platform',
    fault: 'Leaves the required `platform` member out of the platform manifest.',
    expect: { requirements: ['AIP-MAN-001'], verdict: 'fail' },
    when: isPlatformDoc,
    json: (body) => {
      delete body.platform;
      return body;
    },
  },
  {
    name: 'man-agent-doc-unwrapped',
    fault: 'Answers `?agent=<slug>` with the bare agent manifest instead of the agent manifest document.',
    expect: { requirements: ['AIP-MAN-002'], verdict: 'fail' },
    when: isAgentDoc,
    json: (body) => body.agent ?? body,
  },
  {
    name: 'man-unknown-agent-200',
    fault: 'Ignores an unknown `agent` slug and answers 200 with the platform manifest.',
    expect: { requirements: ['AIP-MAN-003'], verdict: 'fail' },
    when: isAgentDoc,
    error: async (res, req, ctx) => {
      if (res.status !== 404) return undefined;
      const query = new URLSearchParams(req.query);
      query.delete('agent');
      return relay(await ctx.forward({ ...req, query }));
    },
  },
  {
    name: 'man-agent-doc-differs',
    fault:
      'Serves a different `version` of an agent in its own document than in the platform manifest (hash kept consistent).',
    expect: { requirements: ['AIP-MAN-004'], verdict: 'fail' },
    when: isAgentDoc,
    json: editAgents((a) => {
      a.version = `${String(a.version)}-other`;
    }),
  },
  {
    name: 'man-duplicate-agent',
    fault: 'Lists the first agent twice in the platform manifest.',
    expect: { requirements: ['AIP-MAN-005'], verdict: 'fail' },
    when: isPlatformDoc,
    json: (body) => {
      if (Array.isArray(body.agents) && body.agents.length > 0) body.agents.push(body.agents[0]);
      return body;
    },
  },
  {
    name: 'man-stale-hash',
    fault: 'Publishes a `manifest_hash` that is not the hash of the manifest (a description changed after hashing).',
    expect: { requirements: ['AIP-MAN-006'], verdict: 'fail' },
    when: isManifest,
    json: editAgents((a) => {
      a.description = `${String(a.description ?? '')} (edited)`;
    }, false),
  },
  {
    name: 'man-no-core-profile',
    fault: 'Leaves "core" out of `profiles`.',
    expect: { requirements: ['AIP-MAN-007'], verdict: 'fail' },
    when: isPlatformDoc,
    json: (body) => {
      if (Array.isArray(body.profiles)) body.profiles = body.profiles.filter((p: unknown) => p !== 'core');
      return body;
    },
  },
  {
    name: 'man-hub-claimed-without-agents-list',
    fault: 'Claims the "hub" profile but does not serve GET /v1/aip/agents.',
    expect: { requirements: ['AIP-MAN-008'], verdict: 'fail' },
    respond: (req) =>
      req.method === 'GET' && req.path === '/v1/aip/agents'
        ? {
            status: 404,
            headers: { 'x-request-id': 'req_mutant_agents' },
            body: { error: { code: 'not_found', message: 'No such path.', requestId: 'req_mutant_agents' } },
          }
        : undefined,
  },
  {
    name: 'man-invoke-nowhere',
    fault: 'Points every agent\u2019s `invoke` at a path that serves nothing (hash kept consistent).',
    expect: { requirements: ['AIP-MAN-009'], verdict: 'fail' },
    when: isManifest,
    json: editAgents((a) => {
      a.invoke = '/aip/nowhere';
    }),
  },
  {
    name: 'ver-manifest-claims-other-version',
    fault: 'Reports `aip_version` "0.2.0" in its manifest documents while implementing 0.1.0.',
    expect: { requirements: ['AIP-VER-001'], verdict: 'fail' },
    when: isManifest,
    json: (body) => ({ ...body, aip_version: '0.2.0' }),
  },
];
