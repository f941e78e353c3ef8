/** §4 Authentication: keys on every endpoint but the manifest, 401 before anything else, per-principal visibility. */
import { sectionChecks } from './_section.ts';
import { canonicalJson, validate } from '../../src/index.ts';
import type { NearMiss } from '../probe/near-miss.ts';
import type { ProbeRequest } from '../probe/index.ts';
import type { Check, CheckContext } from '../types.ts';
import { checkError, errorCheck } from './_expect-error.ts';
import { createBlock, createSession } from './_hub.ts';
import {
  agentOf,
  AGENTS,
  BLOCKS,
  describe,
  HUB_INVOKE,
  hubBody,
  INVALID_KEY,
  isObject,
  MANIFEST,
  portableBody,
  PORTABLE_INVOKE,
  rawPortable,
  SESSIONS,
} from './_http.ts';
import { requirePlatformManifest } from './_evidence.ts';
import { Findings, untestable } from './_outcome.ts';

const UNAUTHORIZED = { status: 401, code: 'unauthorized' } as const;

function portableWithAuth(
  ctx: CheckContext,
  auth: ProbeRequest['auth'],
  headers: Record<string, string> = {},
): ProbeRequest {
  return {
    method: 'POST',
    path: PORTABLE_INVOKE,
    headers: { 'X-AIP-Agent': agentOf(ctx), ...headers },
    json: portableBody(),
    auth,
  };
}

const secondKeyNeeded = (t: { secondPrincipal: boolean }) =>
  t.secondPrincipal
    ? undefined
    : 'the run has a single API key; pass --second-api-key (a key of another principal) to test that sessions and blocks are invisible to other principals';

const NEAR_MISSES: Array<[NearMiss, string]> = [
  ['case', 'the key with the case of every letter swapped'],
  ['trailing-nbsp', 'the key followed by a non-breaking space (byte 0xA0)'],
  ['prefix', 'the key with a character before it'],
  ['suffix', 'the key with a character after it'],
  ['truncated', 'the key without its last character'],
];

export const AUTH_CHECKS: Check[] = sectionChecks(import.meta.url, [
  {
    id: 'auth.near-miss-keys',
    title: 'A key that differs from a valid one in case, by a character, a prefix or a suffix gets 401',
    requirements: ['AIP-AUTH-006'],
    profile: 'core',
    action:
      'GETs the sessions list (hub) or POSTs a portable invoke (core) with each near miss of the run\u2019s key: case swapped, a trailing non-breaking space, a prefix, a suffix, the last character cut',
    async run(ctx) {
      const f = new Findings();
      let sent = 0;
      for (const [kind, what] of NEAR_MISSES) {
        const auth = { nearMiss: kind } as const;
        const req: ProbeRequest = ctx.target.profiles.includes('hub')
          ? { method: 'GET', path: SESSIONS, auth }
          : portableWithAuth(ctx, auth);
        let res: Awaited<ReturnType<CheckContext['send']>>;
        try {
          res = await ctx.send({ ...req, label: `near-miss key: ${what}` });
        } catch {
          continue; // The key has no such near miss (a key without letters has no case variant).
        }
        sent++;
        checkError(f, res, UNAUTHORIZED, what);
      }
      if (sent === 0) return untestable('the run\u2019s key has no near miss the kit can send');
      return f.outcome('HTTP 401, code "unauthorized" for every near miss', `${sent} near misses refused`);
    },
  },
  errorCheck({
    id: 'auth.missing-key-portable',
    title: 'Portable invoke without a key gets 401',
    requirements: ['AIP-AUTH-001', 'AIP-AUTH-002'],
    profile: 'core',
    action: 'POST /.well-known/aip/invoke with a valid body and no X-API-Key',
    request: (ctx) => portableWithAuth(ctx, 'none'),
    expect: UNAUTHORIZED,
  }),
  errorCheck({
    id: 'auth.invalid-key-portable',
    title: 'Portable invoke with an invalid key gets 401',
    requirements: ['AIP-AUTH-002'],
    profile: 'core',
    action: 'POST /.well-known/aip/invoke with a valid body and X-API-Key of no principal',
    request: (ctx) => portableWithAuth(ctx, { key: INVALID_KEY }),
    expect: UNAUTHORIZED,
  }),
  errorCheck({
    id: 'auth.empty-key-portable',
    title: 'Portable invoke with an empty key gets 401',
    requirements: ['AIP-AUTH-002'],
    profile: 'core',
    action: 'POST /.well-known/aip/invoke with a valid body and an empty X-API-Key header',
    request: (ctx) => portableWithAuth(ctx, { key: '' }),
    expect: UNAUTHORIZED,
  }),
  errorCheck({
    id: 'auth.missing-key-hub-invoke',
    title: 'Hub invoke without a key gets 401',
    requirements: ['AIP-AUTH-001', 'AIP-AUTH-002'],
    profile: 'hub',
    action: 'POST /v1/aip/invoke with a valid body and no X-API-Key',
    request: (ctx) => ({ method: 'POST', path: HUB_INVOKE, json: hubBody(ctx), auth: 'none' }),
    expect: UNAUTHORIZED,
  }),
  errorCheck({
    id: 'auth.invalid-key-hub-invoke',
    title: 'Hub invoke with an invalid key gets 401',
    requirements: ['AIP-AUTH-002'],
    profile: 'hub',
    action: 'POST /v1/aip/invoke with a valid body and X-API-Key of no principal',
    request: (ctx) => ({ method: 'POST', path: HUB_INVOKE, json: hubBody(ctx), auth: { key: INVALID_KEY } }),
    expect: UNAUTHORIZED,
  }),
  {
    id: 'auth.hub-resources-require-key',
    title: 'Hub session, block and agent endpoints require a key',
    requirements: ['AIP-AUTH-001', 'AIP-AUTH-002'],
    profile: 'hub',
    action:
      'GET /v1/aip/sessions, GET /v1/aip/agents, POST /v1/aip/sessions and POST /v1/aip/blocks without a key, and GET /v1/aip/sessions with an invalid key',
    async run(ctx) {
      const f = new Findings();
      const requests: Array<[string, ProbeRequest]> = [
        ['GET sessions without key', { method: 'GET', path: SESSIONS, auth: 'none' }],
        ['GET agents without key', { method: 'GET', path: AGENTS, auth: 'none' }],
        [
          'POST sessions without key',
          { method: 'POST', path: SESSIONS, json: { name: ctx.unique('unauthorized') }, auth: 'none' },
        ],
        [
          'POST blocks without key',
          {
            method: 'POST',
            path: BLOCKS,
            json: { sessionId: 'sess_aipConformanceNoSuchSession0', type: 'note', content: 'x' },
            auth: 'none',
          },
        ],
        ['GET sessions with an invalid key', { method: 'GET', path: SESSIONS, auth: { key: INVALID_KEY } }],
      ];
      for (const [label, req] of requests) checkError(f, await ctx.send({ ...req, label }), UNAUTHORIZED, label);
      return f.outcome('HTTP 401, code "unauthorized", on every hub endpoint');
    },
  },
  errorCheck({
    id: 'auth.checked-before-body',
    title: 'Authentication is decided before the body is examined',
    requirements: ['AIP-HTTP-013'],
    profile: 'core',
    action: 'POST /.well-known/aip/invoke with an invalid key and an unparsable body',
    request: (ctx) => rawPortable(ctx, '{not json', 'application/json', { auth: { key: INVALID_KEY } }),
    expect: UNAUTHORIZED,
  }),
  {
    id: 'auth.manifest-is-public',
    title: 'The manifest is served without a key',
    requirements: ['AIP-AUTH-003'],
    profile: 'core',
    action: 'GET /.well-known/aip/agent and /.well-known/aip/agent?agent=<slug> without X-API-Key',
    async run(ctx) {
      const f = new Findings();
      const platform = await ctx.send({
        method: 'GET',
        path: MANIFEST,
        auth: 'none',
        label: 'platform manifest without key',
      });
      if (f.expect(platform.status === 200, `the platform manifest without a key: ${describe(platform)}`))
        requirePlatformManifest(platform);
      if (ctx.target.agent) {
        const agent = await ctx.send({
          method: 'GET',
          path: `${MANIFEST}?agent=${encodeURIComponent(ctx.target.agent)}`,
          auth: 'none',
          label: 'agent manifest without key',
        });
        f.expect(agent.status === 200, `the agent manifest of ${ctx.target.agent} without a key: ${describe(agent)}`);
      }
      return f.outcome('HTTP 200 without authentication');
    },
  },
  {
    id: 'auth.manifest-ignores-key',
    title: 'The manifest ignores any X-API-Key',
    requirements: ['AIP-AUTH-003'],
    profile: 'core',
    action: 'GET /.well-known/aip/agent without a key, with an invalid key and with the valid key; compare the answers',
    async run(ctx) {
      const f = new Findings();
      const none = await ctx.send({ method: 'GET', path: MANIFEST, auth: 'none', label: 'manifest without key' });
      const again = await ctx.send({
        method: 'GET',
        path: MANIFEST,
        auth: 'none',
        label: 'manifest without key, again',
      });
      const invalid = await ctx.send({
        method: 'GET',
        path: MANIFEST,
        auth: { key: INVALID_KEY },
        label: 'manifest with an invalid key',
      });
      const valid = await ctx.send({ method: 'GET', path: MANIFEST, label: 'manifest with the valid key' });
      // Something to compare: at least one of the answers is a manifest.
      if (![none, invalid, valid].some((r) => validate('platform-manifest-document', r.json).ok))
        requirePlatformManifest(none);
      // A manifest that varies between two keyless reads (a timestamp, say) is compared on what identifies it.
      const stable = canonicalJson(none.json ?? null) === canonicalJson(again.json ?? null);
      const identity = (v: unknown) => {
        if (stable) return canonicalJson(v ?? null);
        const doc = isObject(v) ? v : {};
        const agents = Array.isArray(doc.agents) ? doc.agents.filter(isObject).map((a) => [a.id, a.manifest_hash]) : [];
        return canonicalJson({ profiles: doc.profiles ?? null, agents });
      };
      for (const [what, res] of [
        ['an invalid key', invalid],
        ['a valid key', valid],
      ] as const) {
        if (
          !f.expect(
            res.status === none.status,
            `with ${what} the manifest answered HTTP ${String(res.status)}, without one HTTP ${String(none.status)}`,
          )
        )
          continue;
        f.expect(
          identity(res.json) === identity(none.json),
          `with ${what} the manifest ${stable ? 'body' : 'profiles or agents'} differ from those served without a key`,
        );
      }
      return f.outcome('the same answer with or without a key');
    },
  },
  {
    id: 'auth.other-principal-sees-404',
    title: "Another principal's sessions and blocks answer 404, as if absent",
    requirements: ['AIP-AUTH-004', 'AIP-AUTH-005'],
    profile: 'hub',
    action:
      'Creates a session with a block under the main key, then with the second key reads it, lists its blocks, adds a block to it, invokes with it and lists sessions',
    applies: secondKeyNeeded,
    async run(ctx) {
      const f = new Findings();
      const session = await createSession(ctx, 'private to the first principal');
      await createBlock(ctx, { sessionId: session.id, type: 'note', content: 'private', tags: ['private'] });
      const id = encodeURIComponent(session.id);
      const notFound = { status: 404, code: 'session_not_found' };
      const probes: Array<[string, ProbeRequest]> = [
        ['GET the session with the second key', { method: 'GET', path: `${SESSIONS}/${id}`, auth: 'second' }],
        ['list its blocks with the second key', { method: 'GET', path: `${SESSIONS}/${id}/blocks`, auth: 'second' }],
        [
          'add a block with the second key',
          {
            method: 'POST',
            path: BLOCKS,
            json: { sessionId: session.id, type: 'note', content: 'intrusion' },
            auth: 'second',
          },
        ],
        [
          'invoke with the session and the second key',
          { method: 'POST', path: HUB_INVOKE, json: hubBody(ctx, { session: session.id }), auth: 'second' },
        ],
        ['fork it with the second key', { method: 'POST', path: `${SESSIONS}/${id}/fork`, json: {}, auth: 'second' }],
      ];
      for (const [label, req] of probes) {
        const res = await ctx.send({ ...req, label });
        if (res.status === 403)
          f.add(`${label}: HTTP 403 reveals that the session exists; expected the 404 an absent session gets`, [
            'AIP-AUTH-005',
          ]);
        else checkError(f, res, notFound, label);
      }
      const list = await ctx.send({
        method: 'GET',
        path: `${SESSIONS}?limit=100`,
        auth: 'second',
        label: 'list sessions with the second key',
      });
      const listed =
        isObject(list.json) && Array.isArray(list.json.data)
          ? (list.json.data as Array<{ id?: unknown }>).map((s) => s.id)
          : [];
      f.expect(!listed.includes(session.id), `the second principal's session list includes ${session.id}`, [
        'AIP-AUTH-004',
      ]);
      const after = await ctx.send({
        method: 'GET',
        path: `${SESSIONS}/${id}`,
        label: 'the owner reads the session again',
      });
      const blocks =
        isObject(after.json) && isObject(after.json.data) && Array.isArray(after.json.data.blocks)
          ? after.json.data.blocks.length
          : undefined;
      f.expect(
        blocks === 1,
        `after the second principal's attempts the session holds ${String(blocks)} blocks instead of 1`,
        ['AIP-AUTH-004'],
      );
      return f.outcome('HTTP 404 session_not_found for every request of the other principal, and nothing changed');
    },
  },
]);
