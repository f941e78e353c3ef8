import { describeViolations, manifestHash, validate, type AgentManifest, type AgentSummary } from '../../src/index.ts';
import type { Agent } from './types.ts';

/** Where every agent is invoked: the portable endpoint, with the agent named by `X-AIP-Agent`. */
export const PORTABLE_INVOKE_PATH = '/.well-known/aip/invoke';

export interface DeployedAgent {
  agent: Agent;
  /** The published manifest, with `invoke` and `manifest_hash`. */
  manifest: AgentManifest;
  summary: AgentSummary;
}

export interface AgentCatalog {
  list: readonly DeployedAgent[];
  get(slug: string): DeployedAgent | undefined;
}

/** Publishes the agents' manifests once; a malformed or duplicate agent is a startup error. */
export function createCatalog(agents: readonly Agent[]): AgentCatalog {
  const bySlug = new Map<string, DeployedAgent>();
  for (const agent of agents) {
    const unsigned = { ...agent.manifest, invoke: PORTABLE_INVOKE_PATH };
    const manifest: AgentManifest = { ...unsigned, manifest_hash: manifestHash(unsigned) };
    const checked = validate('agent-manifest', manifest);
    if (!checked.ok)
      throw new TypeError(
        `Agent "${String(agent.manifest.id)}" has an invalid manifest: ${describeViolations(checked.violations)}`,
      );
    if (bySlug.has(manifest.id))
      throw new TypeError(`Two agents share the slug "${manifest.id}"; slugs must be unique.`);
    const capabilities = Object.entries(manifest.capabilities)
      .filter(([, on]) => on)
      .map(([name]) => name);
    bySlug.set(manifest.id, {
      agent,
      manifest,
      summary: { id: manifest.id, name: manifest.name, capabilities, status: 'active' },
    });
  }
  const list = [...bySlug.values()];
  return { list, get: (slug) => bySlug.get(slug) };
}
