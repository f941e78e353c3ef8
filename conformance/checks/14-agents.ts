/** §14 Agents list: valid, and consistent with the platform manifest. */
import { sectionChecks } from './_section.ts';
import { describeViolations, validate } from '../../src/index.ts';
import type { Check, CheckContext } from '../types.ts';
import { PreconditionError } from '../types.ts';
import { AGENTS, describe, isObject } from './_http.ts';
import { Findings } from './_outcome.ts';

async function agentList(ctx: CheckContext): Promise<Array<Record<string, unknown>>> {
  const res = await ctx.send({ method: 'GET', path: AGENTS, label: 'agents list' });
  if (res.status !== 200 || !isObject(res.json) || !Array.isArray(res.json.data))
    throw new PreconditionError(`GET ${AGENTS} did not answer a list (${describe(res)})`);
  return res.json.data.filter(isObject);
}

export const AGENT_CHECKS: Check[] = sectionChecks(import.meta.url, [
  {
    id: 'agents.list',
    title: 'The agents list answers 200 with a valid agent-list-response',
    requirements: ['AIP-AGT-001'],
    profile: 'hub',
    action: 'GET /v1/aip/agents',
    async run(ctx) {
      const res = await ctx.send({ method: 'GET', path: AGENTS, label: 'agents list' });
      const f = new Findings();
      if (f.expect(res.status === 200, `GET ${AGENTS}: ${describe(res)}`)) {
        const v = validate('agent-list-response', res.json);
        if (!v.ok) f.add(`not a valid agent-list-response: ${describeViolations(v.violations)}`);
      }
      return f.outcome('HTTP 200 and a valid agent-list-response');
    },
  },
  {
    id: 'agents.match-manifest',
    title: 'The agents list holds exactly the manifest agents, with their names',
    requirements: ['AIP-AGT-002'],
    profile: 'hub',
    action: 'Compares GET /v1/aip/agents with the platform manifest',
    async run(ctx) {
      const listed = await agentList(ctx);
      const f = new Findings();
      const manifest = new Map(ctx.target.agents.map((a) => [a.id, a]));
      const ids = listed.map((a) => a.id);
      for (const id of manifest.keys()) f.expect(ids.includes(id), `manifest agent ${id} is missing from the list`);
      for (const a of listed) {
        const m = manifest.get(String(a.id));
        if (!f.expect(m !== undefined, `the list has agent ${JSON.stringify(a.id)}, which the manifest does not`))
          continue;
        f.expect(
          a.name === m!.name,
          `agent ${String(a.id)}: name ${JSON.stringify(a.name)} vs ${JSON.stringify(m!.name)} in the manifest`,
        );
      }
      return f.outcome('the same ids and names as the manifest');
    },
  },
  {
    id: 'agents.capabilities',
    title: "Each listed agent's capabilities are exactly its true manifest capabilities",
    requirements: ['AIP-AGT-003'],
    profile: 'hub',
    action: 'Compares capabilities in GET /v1/aip/agents with the manifest capability maps',
    async run(ctx) {
      const listed = await agentList(ctx);
      const f = new Findings();
      for (const a of listed) {
        const m = ctx.target.agents.find((x) => x.id === a.id);
        if (!m || !isObject(m.capabilities)) continue;
        const want = Object.entries(m.capabilities)
          .filter(([, v]) => v === true)
          .map(([k]) => k)
          .sort();
        const got = Array.isArray(a.capabilities) ? [...(a.capabilities as string[])].sort() : a.capabilities;
        f.expect(
          JSON.stringify(got) === JSON.stringify(want),
          `agent ${String(a.id)}: capabilities ${JSON.stringify(a.capabilities)}, expected ${JSON.stringify(want)}`,
        );
      }
      return f.outcome('the names whose manifest value is true');
    },
  },
]);
