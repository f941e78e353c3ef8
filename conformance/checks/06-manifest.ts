/** §6 Agent manifest: the platform and agent documents, hashes, profiles and the invoke location. */
import { sectionChecks } from './_section.ts';
import { canonicalJson, describeViolations, manifestHash, validate } from '../../src/index.ts';
import type { ProbeResponse } from '../probe/index.ts';
import type { Check, CheckContext } from '../types.ts';
import { errorCheck } from './_expect-error.ts';
import { agentDocuments } from './_fixtures.ts';
import { AGENTS, describe, isObject, MANIFEST, NO_SUCH_AGENT, SESSIONS } from './_http.ts';
import { Findings } from './_outcome.ts';
import { PreconditionError } from '../types.ts';

async function platformManifest(
  ctx: CheckContext,
  needsAgents = false,
): Promise<{ res: ProbeResponse; doc: Record<string, unknown> }> {
  const res = await ctx.send({ method: 'GET', path: MANIFEST, auth: 'none', label: 'platform manifest' });
  if (res.status !== 200 || !isObject(res.json))
    throw new PreconditionError(`the platform manifest could not be read (${describe(res)})`);
  if (needsAgents && agentsOf(res.json).length === 0)
    throw new PreconditionError(
      'the platform manifest lists no agent, so there is no agent entry to judge; see manifest.platform-document',
      {
        rootCause: 'manifest.platform-document',
      },
    );
  return { res, doc: res.json };
}

function agentsOf(doc: Record<string, unknown>): Record<string, unknown>[] {
  return Array.isArray(doc.agents) ? doc.agents.filter(isObject) : [];
}

export const MANIFEST_CHECKS: Check[] = sectionChecks(import.meta.url, [
  {
    id: 'manifest.platform-document',
    title: 'The platform manifest is served and valid',
    requirements: ['AIP-MAN-001'],
    profile: 'core',
    action: 'GET /.well-known/aip/agent and validate it against platform-manifest-document',
    async run(ctx) {
      const res = await ctx.send({ method: 'GET', path: MANIFEST, auth: 'none', label: 'platform manifest' });
      const f = new Findings();
      if (f.expect(res.status === 200, `GET ${MANIFEST}: ${describe(res)}`)) {
        const v = validate('platform-manifest-document', res.json);
        if (!v.ok)
          f.add(
            `the document is not valid: ${res.jsonError ? `not JSON (${res.jsonError})` : describeViolations(v.violations)}`,
          );
      }
      return f.outcome('HTTP 200 and a body valid against platform-manifest-document');
    },
  },
  {
    id: 'manifest.agent-document',
    title: 'Each agent has a valid agent manifest document that matches the platform entry',
    requirements: ['AIP-MAN-002', 'AIP-MAN-004'],
    profile: 'core',
    action:
      'GET /.well-known/aip/agent?agent=<slug> for each listed agent (up to 10); validate and compare with the platform entry',
    async run(ctx) {
      const { doc } = await platformManifest(ctx, true);
      const entries = new Map(agentsOf(doc).map((a) => [a.id, a]));
      const f = new Findings();
      const docs = await ctx.use(agentDocuments);
      if (docs.length === 0) throw new PreconditionError('the platform manifest lists no agent');
      for (const { slug, res } of docs) {
        if (!f.expect(res.status === 200, `?agent=${slug}: ${describe(res)}`, ['AIP-MAN-002'])) continue;
        const v = validate('agent-manifest-document', res.json);
        if (!v.ok) {
          f.add(`?agent=${slug}: not valid: ${describeViolations(v.violations)}`, ['AIP-MAN-002']);
          continue;
        }
        const agent = (res.json as { agent: unknown }).agent;
        f.expect(
          canonicalJson(agent) === canonicalJson(entries.get(slug)),
          `?agent=${slug}: the agent object differs from the platform manifest's entry`,
          ['AIP-MAN-004'],
        );
      }
      return f.outcome('HTTP 200, valid agent-manifest-document, agent equal to the platform entry');
    },
  },
  errorCheck({
    id: 'manifest.unknown-agent',
    title: 'The manifest of an unknown agent is 404 agent_not_found',
    requirements: ['AIP-MAN-003'],
    profile: 'core',
    action: `GET /.well-known/aip/agent?agent=${NO_SUCH_AGENT}`,
    request: () => ({ method: 'GET', path: `${MANIFEST}?agent=${NO_SUCH_AGENT}`, auth: 'none' }),
    expect: { status: 404, code: 'agent_not_found' },
  }),
  errorCheck({
    id: 'manifest.malformed-agent',
    title: 'The manifest of a name that is not a slug is 404 agent_not_found, not a query error',
    requirements: ['AIP-MAN-003'],
    profile: 'core',
    action: 'GET /.well-known/aip/agent?agent=Not%20A%20Slug! (Appendix A.36)',
    request: () => ({ method: 'GET', path: `${MANIFEST}?agent=Not%20A%20Slug!`, auth: 'none' }),
    expect: { status: 404, code: 'agent_not_found' },
  }),
  {
    id: 'manifest.unique-agent-ids',
    title: 'Agent ids are unique in the platform manifest',
    requirements: ['AIP-MAN-005'],
    profile: 'core',
    action: 'Reads the ids of the platform manifest agents',
    async run(ctx) {
      const { doc } = await platformManifest(ctx, true);
      const ids = agentsOf(doc).map((a) => a.id);
      const dupes = ids.filter((id, i) => ids.indexOf(id) !== i);
      const f = new Findings();
      f.expect(dupes.length === 0, `duplicate agent ids: ${[...new Set(dupes)].map(String).join(', ')}`);
      return f.outcome('every agent id once');
    },
  },
  {
    id: 'manifest.hash',
    title: 'manifest_hash is the SHA-256 of the canonical agent manifest',
    requirements: ['AIP-MAN-006'],
    profile: 'core',
    action: 'Recomputes sha256(RFC 8785 canonical JSON of each agent without manifest_hash) and compares',
    async run(ctx) {
      const { doc } = await platformManifest(ctx, true);
      const agents = agentsOf(doc);
      if (agents.length === 0) throw new PreconditionError('the platform manifest lists no agent');
      const f = new Findings();
      for (const a of agents) {
        const expected = manifestHash(a);
        f.expect(
          a.manifest_hash === expected,
          `agent ${String(a.id)}: manifest_hash ${JSON.stringify(a.manifest_hash)}, computed ${expected}`,
        );
      }
      return f.outcome('"sha256:" + lowercase hex digest of the canonical JSON');
    },
  },
  {
    id: 'manifest.profiles-include-core',
    title: 'profiles contains "core"',
    requirements: ['AIP-MAN-007'],
    profile: 'core',
    action: 'Reads profiles of the platform manifest',
    async run(ctx) {
      const { doc } = await platformManifest(ctx);
      const f = new Findings();
      f.expect(
        Array.isArray(doc.profiles) && doc.profiles.includes('core'),
        `profiles is ${JSON.stringify(doc.profiles)}`,
      );
      return f.outcome('profiles including "core"');
    },
  },
  {
    id: 'manifest.hub-profile-honest',
    title: '"hub" is listed exactly when the hub API is served',
    requirements: ['AIP-MAN-008'],
    profile: 'core',
    action: 'GET /v1/aip/agents and GET /v1/aip/sessions with the key; compare with whether profiles lists "hub"',
    async run(ctx) {
      const claimed = ctx.target.profiles.includes('hub');
      const agents = await ctx.send({ method: 'GET', path: AGENTS, label: 'is the hub agents list served?' });
      const sessions = await ctx.send({
        method: 'GET',
        path: `${SESSIONS}?limit=1`,
        label: 'is the hub sessions list served?',
      });
      const f = new Findings();
      const served = (r: ProbeResponse) => r.status === 200;
      if (claimed) {
        f.expect(served(agents), `"hub" is claimed but GET ${AGENTS} answered ${describe(agents)}`);
        f.expect(served(sessions), `"hub" is claimed but GET ${SESSIONS} answered ${describe(sessions)}`);
      } else {
        f.expect(
          !(served(agents) && served(sessions)),
          `"hub" is not claimed, yet GET ${AGENTS} and GET ${SESSIONS} both answer 200: list "hub" in profiles so the hub is tested`,
        );
      }
      return f.outcome(claimed ? 'the hub endpoints answer' : 'no hub API, or "hub" in profiles');
    },
  },
  {
    id: 'manifest.invoke-locates-portable-endpoint',
    title: "Each agent's invoke member locates the portable invoke endpoint",
    requirements: ['AIP-MAN-009'],
    profile: 'core',
    action: 'Resolves each agent.invoke against the manifest URL',
    async run(ctx) {
      const { doc, res } = await platformManifest(ctx, true);
      const f = new Findings();
      const base = res.exchange.request.url;
      for (const a of agentsOf(doc)) {
        let resolved: URL | undefined;
        try {
          resolved = typeof a.invoke === 'string' ? new URL(a.invoke, base) : undefined;
        } catch {
          resolved = undefined;
        }
        f.expect(
          resolved !== undefined &&
            /^https?:$/.test(resolved.protocol) &&
            resolved.pathname.endsWith('/.well-known/aip/invoke'),
          `agent ${String(a.id)}: invoke ${JSON.stringify(a.invoke)} does not resolve to a …/.well-known/aip/invoke URL`,
        );
      }
      return f.outcome('an absolute URL or path resolving to /.well-known/aip/invoke');
    },
  },
]);
