/**
 * Before any check runs, the kit reads the platform manifest (without a key: discovery is
 * public) to learn which profiles the target claims and which agents it serves, and picks
 * the agent the checks will invoke.
 */
import type { AgentManifest } from '../../src/index.ts';
import type { Probe, ProbeResponse } from '../probe/index.ts';
import type { TargetInfo } from '../types.ts';
import { UsageError } from '../types.ts';

export const MANIFEST_PATH = '/.well-known/aip/agent';

export interface Discovery {
  target: TargetInfo;
  /** Set when the target did not answer at all. */
  unreachable?: { message: string; hint: string };
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export async function discover(
  probe: Probe,
  baseUrl: string,
  embedded: boolean,
  wantedAgent: string | undefined,
  secondPrincipal: boolean,
): Promise<Discovery> {
  const request = { method: 'GET', path: MANIFEST_PATH, auth: 'none', label: 'discovery: platform manifest' } as const;
  let res: ProbeResponse = await probe.send(request);
  // Discovery is an idempotent GET: one reset on a flaky network is not an unreachable target.
  if (res.status === undefined && (res.failure?.code === 'reset' || res.failure?.code === 'network'))
    res = await probe.send(request);
  const target: TargetInfo = {
    baseUrl,
    embedded,
    profiles: [],
    agents: [],
    agentReason: '',
    agentStreams: false,
    secondPrincipal,
    slowChecks: false,
    hasAgent(slug) {
      return this.agents.some((a) => a.id === slug);
    },
  };
  if (res.status === undefined) {
    return {
      target,
      unreachable: {
        message: `Could not reach ${probe.url(MANIFEST_PATH).toString()}: ${res.failure?.message ?? 'no response'}.`,
        hint: 'Check that --url is the base URL of the AIP endpoint (the kit appends /.well-known/aip/agent and /v1/aip/…), that the server is running and reachable from this machine, and raise --timeout if it is slow to answer.',
      },
    };
  }
  if (res.status !== 200 || !isObject(res.json)) {
    target.manifestProblem =
      res.status !== 200
        ? `GET ${MANIFEST_PATH} answered ${res.status}`
        : `GET ${MANIFEST_PATH} did not return a JSON object (${res.jsonError ?? typeof res.json})`;
  } else {
    target.manifest = res.json;
    const profiles = res.json.profiles;
    target.profiles = Array.isArray(profiles) ? profiles.filter((p): p is string => typeof p === 'string') : [];
    const agents = res.json.agents;
    target.agents = Array.isArray(agents)
      ? (agents.filter((a) => isObject(a) && typeof a.id === 'string') as unknown as AgentManifest[])
      : [];
    if (!Array.isArray(profiles) || !Array.isArray(agents))
      target.manifestProblem = 'the manifest lacks a `profiles` or `agents` array';
  }
  // Core is what every AIP endpoint is; a manifest that forgets to say so is a manifest failure, not a reason to skip.
  if (!target.profiles.includes('core')) target.profiles = ['core', ...target.profiles];
  chooseAgent(target, wantedAgent);
  return { target };
}

function chooseAgent(target: TargetInfo, wanted: string | undefined): void {
  const listed = target.agents.map((a) => a.id);
  // Found by its mark, never by its slug (spec §19.1).
  target.conformanceAgent = target.agents.find((a) => (a as { conformance?: unknown }).conformance === true)?.id;
  if (wanted !== undefined) {
    if (target.manifest && listed.length > 0 && !listed.includes(wanted)) {
      throw new UsageError(
        `--agent ${wanted}: the target's manifest does not list this agent (it lists: ${listed.join(', ')}).`,
      );
    }
    target.agent = wanted;
    target.agentReason = 'chosen with --agent';
  } else if (target.conformanceAgent !== undefined) {
    target.agent = target.conformanceAgent;
    target.agentReason = 'the manifest marks it as the conformance agent (spec §19)';
  } else {
    const streaming = target.agents.find((a) => a.stream === true) ?? target.agents[0];
    if (streaming) {
      target.agent = streaming.id;
      target.agentReason =
        streaming.stream === true
          ? 'the first agent in the manifest that streams'
          : 'the first agent in the manifest (none streams)';
    } else target.agentReason = 'the manifest lists no agent; pass --agent to name one';
  }
  const chosen = target.agents.find((a) => a.id === target.agent);
  target.agentStreams = chosen ? chosen.stream === true : target.agent !== undefined;
}

/**
 * Why the chosen agent was chosen and what it is, from the evidence only: the capabilities its
 * manifest marks true and the events its first stream showed (when a check read one).
 */
export function describeAgent(t: TargetInfo): string {
  const parts = [t.agentReason];
  const m = t.agents.find((a) => a.id === t.agent);
  if (m) {
    const caps = Object.entries(m.capabilities ?? {})
      .filter(([, on]) => on === true)
      .map(([name]) => name);
    parts.push(
      `manifest: ${m.stream === true ? 'streams' : 'does not stream'}${caps.length ? `, capabilities ${caps.join(', ')}` : ''}`,
    );
  }
  if (t.firstStream) {
    const kinds = [...new Set(t.firstStream.filter((e) => !['start', 'context_assembled'].includes(e)))];
    parts.push(`first stream showed ${kinds.length ? kinds.join(', ') : 'no content event'}`);
  }
  if (t.conformanceAgent !== undefined && t.conformanceAgent !== t.agent)
    parts.push(`conformance agent: ${t.conformanceAgent}`);
  else if (t.conformanceAgent === undefined) parts.push('no conformance agent (§19), so checks that need one are n/a');
  return parts.join('; ');
}
