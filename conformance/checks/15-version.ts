/** §15 Versioning: the manifest says 0.1.0, and a 0.1.0 request is accepted. */
import { sectionChecks } from './_section.ts';
import type { Check } from '../types.ts';
import { agentDocuments, portableJson } from './_fixtures.ts';
import { describe, isObject, MANIFEST } from './_http.ts';
import { requireInvocation } from './_evidence.ts';
import { Findings } from './_outcome.ts';

export const VERSION_CHECKS: Check[] = sectionChecks(import.meta.url, [
  {
    id: 'version.manifest-is-0.1.0',
    title: 'Manifest documents have aip_version "0.1.0"',
    requirements: ['AIP-VER-001'],
    profile: 'core',
    action: 'Reads aip_version of the platform manifest and of each agent manifest document',
    async run(ctx) {
      const f = new Findings();
      const platform = await ctx.send({ method: 'GET', path: MANIFEST, auth: 'none', label: 'platform manifest' });
      const docs: Array<[string, unknown]> = [
        ['platform manifest', platform.json],
        ...(await ctx.use(agentDocuments)).map((d) => [`agent ${d.slug}`, d.res.json] as [string, unknown]),
      ];
      for (const [what, doc] of docs) {
        if (!isObject(doc)) {
          f.add(`${what}: not a JSON object (${describe(platform)})`);
          continue;
        }
        f.expect(doc.aip_version === '0.1.0', `${what}: aip_version is ${JSON.stringify(doc.aip_version)}`);
      }
      return f.outcome('aip_version "0.1.0"');
    },
  },
  {
    id: 'version.accepts-0.1.0',
    title: 'A portable request with aip_version "0.1.0" is accepted',
    requirements: ['AIP-VER-002'],
    profile: 'core',
    action: 'POST /.well-known/aip/invoke with aip_version "0.1.0"',
    async run(ctx) {
      const res = await ctx.use(portableJson);
      const f = new Findings();
      if (f.expect(res.status === 200, `a 0.1.0 request was refused: ${describe(res)}`))
        requireInvocation(res, 'the answer to a 0.1.0 request');
      return f.outcome('HTTP 200 with an invocation');
    },
  },
]);
