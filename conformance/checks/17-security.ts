/** §17 Security considerations: no keys in answers, TLS off the local machine, a public manifest without secrets, unguessable ids. */
import { sectionChecks } from './_section.ts';
import { validate } from '../../src/index.ts';
import type { ProbeResponse } from '../probe/index.ts';
import type { Check } from '../types.ts';
import {
  agentDocuments,
  errorSamples,
  hubClaimed,
  hubJson,
  portableJson,
  portableStream,
  streamSamples,
} from './_fixtures.ts';
import { contextSession } from './_hub.ts';
import { dataOf, describe, MANIFEST, portableBody, PORTABLE_INVOKE } from './_http.ts';
import { requirePlatformManifest } from './_evidence.ts';
import { untestable } from './_outcome.ts';
import { Findings, notApplicable } from './_outcome.ts';
import { payload } from './_streams.ts';

const LOOPBACK = /^(localhost|127(?:\.\d{1,3}){3}|\[?::1\]?)$/i;
/** RFC 1918, link-local and unique-local addresses, and single-label or .local/.internal names (compose services, LAN hosts). */
const PRIVATE =
  /^(10(?:\.\d{1,3}){3}|192\.168(?:\.\d{1,3}){2}|172\.(?:1[6-9]|2\d|3[01])(?:\.\d{1,3}){2}|169\.254(?:\.\d{1,3}){2}|\[f[cd][0-9a-f]{2}:[^\]]*\]|[a-z0-9-]+|[^.]+(?:\.[^.]+)*\.(?:local|internal|lan))$/i;

/**
 * How AIP-SEC-003 judges a target URL: https or a loopback host is fine; plain HTTP on a private
 * network host cannot be judged (a test deployment says nothing about production); plain HTTP on
 * any other host violates the requirement.
 */
export function tlsVerdict(baseUrl: string): 'ok' | 'private-network' | 'plain-http-public' {
  const u = new URL(baseUrl);
  if (u.protocol === 'https:' || LOOPBACK.test(u.hostname)) return 'ok';
  return PRIVATE.test(u.hostname) ? 'private-network' : 'plain-http-public';
}

/** Bits an id suffix can hold at most, from its length and the alphabet it draws on. */
export function idCapacityBits(suffix: string): number {
  const alphabet = /^[0-9]+$/.test(suffix)
    ? 10
    : /^[0-9a-f]+$/i.test(suffix)
      ? 16
      : /^[0-9A-Za-z]+$/.test(suffix)
        ? 62
        : 64;
  return suffix.length * Math.log2(alphabet);
}

function rawText(res: ProbeResponse): string {
  return `${JSON.stringify(res.headers)}\n${res.text}`;
}

export const SECURITY_CHECKS: Check[] = sectionChecks(import.meta.url, [
  {
    id: 'security.keys-never-echoed',
    title: 'API keys never appear in answers',
    requirements: ['AIP-SEC-002'],
    profile: 'core',
    action:
      'Searches the headers and bodies of successful, streamed and error answers for the run\u2019s keys, and sends a distinctive invalid key to see whether the 401 answer repeats it',
    async run(ctx) {
      const f = new Findings();
      const answers: Array<[string, ProbeResponse]> = [
        ['portable JSON', await ctx.use(portableJson)],
        ...(await ctx.use(errorSamples)).map((s) => [`error answer (${s.label})`, s.res] as [string, ProbeResponse]),
      ];
      if (ctx.target.agentStreams) answers.push(['portable stream', await ctx.use(portableStream)]);
      if (hubClaimed(ctx)) answers.push(['hub JSON', await ctx.use(hubJson)]);
      if (
        !answers.some(([, res]) => validate('invoke-response', res.json).ok || validate('error-envelope', res.json).ok)
      )
        return untestable('no answer is an invocation or an error envelope, so none shows where a key could leak');
      for (const [what, res] of answers)
        f.expect(!ctx.containsKey(rawText(res)), `${what}: the answer contains the API key`);
      const probeKey = `aipk_conformance_probe_${ctx.runId}_not_a_key`;
      const res = await ctx.send({
        method: 'POST',
        path: PORTABLE_INVOKE,
        headers: { 'X-AIP-Agent': ctx.target.agent ?? 'x' },
        json: portableBody(),
        auth: { key: probeKey },
        label: 'a distinctive invalid key',
      });
      f.expect(
        !rawText(res).includes(probeKey),
        `the answer to an invalid key repeats the presented key (${describe(res)})`,
      );
      return f.outcome('no key in any header or body');
    },
  },
  {
    id: 'security.tls-off-localhost',
    title: 'An endpoint reachable beyond the local machine is served over TLS',
    requirements: ['AIP-SEC-003'],
    profile: 'core',
    action: 'Reads the scheme and host of the target URL (private-network hosts are not judged)',
    async run(ctx) {
      const u = new URL(ctx.target.baseUrl);
      const verdict = tlsVerdict(ctx.target.baseUrl);
      if (verdict === 'private-network') {
        return notApplicable(
          `NOT APPLICABLE: ${u.hostname} is a private-network host, so the kit cannot tell whether this endpoint is reachable beyond it; make sure the public endpoint is served over https`,
        );
      }
      if (u.protocol === 'http:' && verdict === 'ok')
        return notApplicable(
          `NOT APPLICABLE: ${u.hostname} is the loopback interface, which nothing beyond this machine reaches; the rule binds the endpoint you publish, so run the kit against that one too`,
        );
      const f = new Findings();
      f.expect(verdict === 'ok', `the target ${u.origin} is reached over plain HTTP on a public host`);
      return f.outcome('https:, or a loopback host');
    },
  },
  {
    id: 'security.manifest-holds-no-secrets',
    title: 'The public manifest holds no key and no principal\u2019s data',
    requirements: ['AIP-SEC-005'],
    profile: 'core',
    action:
      'Searches the platform and agent manifests for the run\u2019s API keys and (on a hub) for the ids of a session and blocks the run created',
    async run(ctx) {
      const f = new Findings();
      const docs: Array<[string, ProbeResponse]> = [
        [
          'platform manifest',
          await ctx.send({ method: 'GET', path: MANIFEST, auth: 'none', label: 'platform manifest' }),
        ],
      ];
      requirePlatformManifest(docs[0]![1]);
      for (const d of await ctx.use(agentDocuments)) docs.push([`agent manifest ${d.slug}`, d.res]);
      const privateIds: string[] = [];
      if (hubClaimed(ctx)) {
        const cs = await ctx.use(contextSession);
        privateIds.push(cs.session.id, ...cs.order, cs.session.name);
      }
      for (const [what, res] of docs) {
        f.expect(!ctx.containsKey(rawText(res)), `${what} contains an API key`);
        const leaked = privateIds.filter((id) => res.text.includes(id));
        f.expect(leaked.length === 0, `${what} contains data of a principal: ${leaked.join(', ')}`);
      }
      return f.outcome('no key and no principal data in the manifest');
    },
  },
  {
    id: 'security.ids-unpredictable',
    title: 'Session, block and invocation ids carry at least 64 bits',
    requirements: ['AIP-SEC-009'],
    profile: 'core',
    action: 'Collects inv_, sess_ and blk_ ids the run received and measures how many bits their suffixes can hold',
    async run(ctx) {
      const ids: string[] = [];
      const inv = dataOf(await ctx.use(portableJson))?.id;
      if (typeof inv === 'string') ids.push(inv);
      if (ctx.target.agentStreams) {
        for (const s of await streamSamples(ctx, 'main')) {
          const id = payload(s.res.stream?.events[0])?.invocationId;
          if (typeof id === 'string') ids.push(id);
        }
      }
      if (hubClaimed(ctx)) {
        const cs = await ctx.use(contextSession);
        ids.push(cs.session.id, ...cs.order);
      }
      if (ids.length === 0) return untestable('the run received no inv_, sess_ or blk_ id to measure');
      const f = new Findings();
      for (const id of ids) {
        const suffix = id.slice(id.indexOf('_') + 1);
        const bits = idCapacityBits(suffix);
        f.expect(bits >= 64, `${id}: its suffix can hold at most ${Math.floor(bits)} bits`);
      }
      return f.outcome('suffixes able to hold ≥ 64 random bits');
    },
  },
]);
