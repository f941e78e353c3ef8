/** §3 HTTP conventions: media types, body limits, paths and methods, request ids, fault order. */
import { sectionChecks } from './_section.ts';
import { describeViolations, validate, type WireSchemaName } from '../../src/index.ts';
import type { ProbeResponse } from '../probe/index.ts';
import type { Check, CheckSpec } from '../types.ts';
import { errorCheck, checkError } from './_expect-error.ts';
import { errorSamples, hubClaimed, hubJson, portableJson, portableStream } from './_fixtures.ts';
import {
  AGENTS,
  describe,
  HUB_INVOKE,
  hubBody,
  isJsonResponse,
  MANIFEST,
  NO_SUCH_AGENT,
  NO_SUCH_BLOCK,
  NO_SUCH_SESSION,
  paddedBody,
  portableBody,
  PORTABLE_INVOKE,
  rawPortable,
  SESSIONS,
} from './_http.ts';
import { requireInvocation } from './_evidence.ts';
import { Findings } from './_outcome.ts';

const MiB = 1024 * 1024;

function allowList(res: ProbeResponse): string[] {
  return (res.headers.allow ?? '')
    .split(',')
    .map((m) => m.trim().toUpperCase())
    .filter(Boolean);
}

function methodCheck(
  id: string,
  profile: 'core' | 'hub',
  cases: Array<{ method: string; path: string; allowed: string }>,
): CheckSpec {
  return {
    id,
    title: `Wrong method on a ${profile === 'core' ? 'well-known' : 'hub'} path: 405 with an Allow header`,
    requirements: ['AIP-HTTP-008'],
    profile,
    action: cases.map((c) => `${c.method} ${c.path}`).join('; '),
    async run(ctx) {
      const f = new Findings();
      for (const c of cases) {
        const res = await ctx.send({
          method: c.method,
          path: c.path,
          label: `${c.method} on a ${c.allowed}-only path`,
        });
        checkError(f, res, { status: 405, code: 'method_not_allowed' }, `${c.method} ${c.path}`, ['AIP-HTTP-008']);
        if (res.status === 405) {
          const allow = allowList(res);
          f.expect(
            allow.includes(c.allowed),
            `${c.method} ${c.path}: the Allow header ${res.headers.allow === undefined ? 'is missing' : `"${res.headers.allow}" does not list ${c.allowed}`}`,
            ['AIP-HTTP-008'],
          );
        }
      }
      return f.outcome(`HTTP 405, code "method_not_allowed", and an Allow header listing the path's methods`);
    },
  };
}

export const HTTP_CHECKS: Check[] = sectionChecks(import.meta.url, [
  {
    id: 'http.json-with-charset-accepted',
    title: 'application/json with a charset parameter is accepted',
    requirements: ['AIP-HTTP-001'],
    profile: 'core',
    action: 'POST /.well-known/aip/invoke with Content-Type "application/json; charset=utf-8" and a valid body',
    async run(ctx) {
      const res = await ctx.send(rawPortable(ctx, JSON.stringify(portableBody()), 'application/json; charset=utf-8'));
      const f = new Findings();
      if (f.expect(res.status === 200, `the request was refused: ${describe(res)}`))
        requireInvocation(res, 'the answer to the request with a charset parameter');
      return f.outcome('HTTP 200 with an invocation');
    },
  },
  errorCheck({
    id: 'http.wrong-media-type-rejected',
    title: 'A body that is not application/json gets 415',
    requirements: ['AIP-HTTP-001'],
    profile: 'core',
    action: 'POST /.well-known/aip/invoke with Content-Type text/plain and a JSON body',
    request: (ctx) => rawPortable(ctx, JSON.stringify(portableBody()), 'text/plain'),
    expect: { status: 415, code: 'unsupported_media_type' },
  }),
  errorCheck({
    id: 'http.missing-media-type-rejected',
    title: 'A body without Content-Type gets 415',
    requirements: ['AIP-HTTP-001'],
    profile: 'core',
    action: 'POST /.well-known/aip/invoke with a JSON body and no Content-Type header',
    request: (ctx) => rawPortable(ctx, JSON.stringify(portableBody()), null),
    expect: { status: 415, code: 'unsupported_media_type' },
  }),
  errorCheck({
    id: 'http.wrong-media-type-rejected-hub',
    title: 'A hub body that is not application/json gets 415',
    requirements: ['AIP-HTTP-001'],
    profile: 'hub',
    action: 'POST /v1/aip/invoke with Content-Type text/plain and a JSON body',
    request: (ctx) => ({
      method: 'POST',
      path: HUB_INVOKE,
      headers: { 'Content-Type': 'text/plain' },
      body: JSON.stringify(hubBody(ctx)),
    }),
    expect: { status: 415, code: 'unsupported_media_type' },
  }),
  errorCheck({
    id: 'http.oversized-body-rejected',
    title: 'A body over the size limit gets 413',
    requirements: ['AIP-HTTP-002'],
    profile: 'core',
    action: 'POST /.well-known/aip/invoke with a valid 4 MiB JSON body',
    request: (ctx) => {
      const { body, shell } = paddedBody(4 * MiB);
      return rawPortable(ctx, body, 'application/json', { bodyShell: shell, label: '4 MiB body' });
    },
    expect: { status: 413, code: 'payload_too_large' },
  }),
  {
    id: 'http.body-limit-is-1mib',
    title: 'The body-size limit is 1 MiB',
    requirements: ['AIP-HTTP-003'],
    profile: 'core',
    action:
      'POST /.well-known/aip/invoke with valid bodies of 1 MiB − 1 KiB (accepted) and 1 MiB + 1 KiB (refused with 413)',
    async run(ctx) {
      const f = new Findings();
      const under = paddedBody(MiB - 1024);
      const over = paddedBody(MiB + 1024);
      const a = await ctx.send(
        rawPortable(ctx, under.body, 'application/json', { bodyShell: under.shell, label: 'just under 1 MiB' }),
      );
      f.expect(a.status === 200, `a body of ${MiB - 1024} bytes was not accepted: ${describe(a)}`);
      const b = await ctx.send(
        rawPortable(ctx, over.body, 'application/json', { bodyShell: over.shell, label: 'just over 1 MiB' }),
      );
      f.expect(b.status === 413, `a body of ${MiB + 1024} bytes was not refused with 413: ${describe(b)}`);
      return f.outcome('HTTP 200 for 1 MiB − 1 KiB, HTTP 413 for 1 MiB + 1 KiB');
    },
  },
  errorCheck({
    id: 'http.unparsable-json-rejected',
    title: 'Unparsable JSON gets 400 invalid_json',
    requirements: ['AIP-HTTP-004'],
    profile: 'core',
    action: 'POST /.well-known/aip/invoke with a truncated JSON body',
    request: (ctx) => rawPortable(ctx, '{"aip_version": "0.1.0", "prompt": {"content": "hi"', 'application/json'),
    expect: { status: 400, code: 'invalid_json' },
  }),
  errorCheck({
    id: 'http.empty-body-rejected',
    title: 'An empty JSON body gets 400 invalid_json',
    requirements: ['AIP-HTTP-004'],
    profile: 'core',
    action: 'POST /.well-known/aip/invoke with Content-Type application/json and an empty body',
    request: (ctx) => rawPortable(ctx, '', 'application/json'),
    expect: { status: 400, code: 'invalid_json' },
  }),
  errorCheck({
    id: 'http.invalid-utf8-body-rejected',
    title: 'A body that is not well-formed UTF-8 gets 400 invalid_json',
    requirements: ['AIP-HTTP-004'],
    profile: 'core',
    action: 'POST /.well-known/aip/invoke with a JSON body containing the byte 0xFF inside a string',
    request: (ctx) =>
      rawPortable(
        ctx,
        Buffer.concat([
          Buffer.from('{"aip_version":"0.1.0","prompt":{"content":"bad '),
          Buffer.from([0xff, 0xfe]),
          Buffer.from('"}}'),
        ]),
        'application/json',
        {
          bodyShell: `printf '{"aip_version":"0.1.0","prompt":{"content":"bad \\377\\376"}}'`,
        },
      ),
    expect: { status: 400, code: 'invalid_json' },
  }),
  errorCheck({
    id: 'http.non-object-body-rejected',
    title: 'A JSON body that is not an object gets 400 invalid_request with field ""',
    requirements: ['AIP-HTTP-005', 'AIP-ERR-005'],
    profile: 'core',
    action: 'POST /.well-known/aip/invoke with the body []',
    request: (ctx) => rawPortable(ctx, '[]', 'application/json'),
    expect: { status: 400, code: 'invalid_request', field: '' },
  }),
  errorCheck({
    id: 'http.unknown-path-not-found',
    title: 'An unknown path gets 404 not_found',
    requirements: ['AIP-HTTP-007'],
    profile: 'core',
    action: 'GET /.well-known/aip/<unknown>',
    request: (ctx) => ({ method: 'GET', path: `/.well-known/aip/no-such-path-${ctx.runId}` }),
    expect: { status: 404, code: 'not_found' },
  }),
  errorCheck({
    id: 'http.unknown-hub-path-not-found',
    title: 'An unknown hub path gets 404 not_found',
    requirements: ['AIP-HTTP-007'],
    profile: 'hub',
    action: 'GET /v1/aip/<unknown>',
    request: (ctx) => ({ method: 'GET', path: `/v1/aip/no-such-path-${ctx.runId}` }),
    expect: { status: 404, code: 'not_found' },
  }),
  methodCheck('http.wrong-method', 'core', [
    { method: 'GET', path: PORTABLE_INVOKE, allowed: 'POST' },
    { method: 'DELETE', path: MANIFEST, allowed: 'GET' },
  ]),
  methodCheck('http.wrong-method-hub', 'hub', [
    { method: 'GET', path: HUB_INVOKE, allowed: 'POST' },
    { method: 'DELETE', path: AGENTS, allowed: 'GET' },
    { method: 'PUT', path: SESSIONS, allowed: 'POST' },
  ]),
  {
    id: 'http.success-media-type',
    title: 'Successful JSON answers carry Content-Type application/json',
    requirements: ['AIP-HTTP-006'],
    profile: 'core',
    action: 'GET the manifest and invoke without streaming on every claimed endpoint; read their Content-Type',
    async run(ctx) {
      const answers: Array<[string, WireSchemaName, ProbeResponse]> = [
        [
          'manifest',
          'platform-manifest-document',
          await ctx.send({ method: 'GET', path: MANIFEST, auth: 'none', label: 'platform manifest' }),
        ],
        ['portable invoke', 'invoke-response', await ctx.use(portableJson)],
      ];
      if (hubClaimed(ctx)) {
        answers.push(['hub invoke', 'invoke-response', await ctx.use(hubJson)]);
        answers.push([
          'agents list',
          'agent-list-response',
          await ctx.send({ method: 'GET', path: AGENTS, label: 'agents list' }),
        ]);
        answers.push([
          'sessions list',
          'session-list-response',
          await ctx.send({ method: 'GET', path: `${SESSIONS}?limit=1`, label: 'sessions list' }),
        ]);
      }
      const f = new Findings();
      for (const [what, schema, res] of answers) {
        if (res.status !== 200) {
          f.add(`${what}: did not succeed (${describe(res)})`);
          continue;
        }
        f.expect(
          isJsonResponse(res),
          `${what}: Content-Type is "${res.headers['content-type'] ?? '(none)'}", not application/json`,
        );
        const v = validate(schema, res.json);
        if (!v.ok) f.add(`${what}: the body is not a valid ${schema}: ${describeViolations(v.violations)}`);
      }
      return f.outcome('HTTP 200, Content-Type application/json and a body valid against the endpoint\u2019s schema');
    },
  },
  {
    id: 'http.request-id-on-every-response',
    title: 'Every response carries X-Request-Id',
    requirements: ['AIP-HTTP-012'],
    profile: 'core',
    action: 'Reads X-Request-Id on successful JSON and stream answers and on a set of error answers',
    async run(ctx) {
      const answers: Array<[string, ProbeResponse]> = [
        ['portable invoke (JSON)', await ctx.use(portableJson)],
        ...(ctx.target.agentStreams
          ? [['portable invoke (stream)', await ctx.use(portableStream)] as [string, ProbeResponse]]
          : []),
        ...(await ctx.use(errorSamples)).map((s) => [`error answer (${s.label})`, s.res] as [string, ProbeResponse]),
      ];
      const f = new Findings();
      for (const [what, res] of answers) {
        if (res.status === undefined) continue;
        f.expect(
          (res.headers['x-request-id'] ?? '').trim() !== '',
          `${what}: HTTP ${res.status} without an X-Request-Id header`,
        );
      }
      return f.outcome('a non-empty X-Request-Id header on every response');
    },
  },
  errorCheck({
    id: 'http.order-path-before-auth',
    title: 'Fault order: an unknown path is reported before a missing key',
    requirements: ['AIP-HTTP-013', 'AIP-HTTP-007'],
    profile: 'core',
    action: 'GET an unknown /.well-known/aip/ path without an API key',
    request: (ctx) => ({ method: 'GET', path: `/.well-known/aip/no-such-path-${ctx.runId}`, auth: 'none' }),
    expect: { status: 404, code: 'not_found' },
  }),
  errorCheck({
    id: 'http.order-method-before-auth',
    title: 'Fault order: a wrong method is reported before a missing key',
    requirements: ['AIP-HTTP-013', 'AIP-HTTP-008'],
    profile: 'core',
    action: 'GET /.well-known/aip/invoke without an API key',
    request: () => ({ method: 'GET', path: PORTABLE_INVOKE, auth: 'none' }),
    expect: { status: 405, code: 'method_not_allowed' },
  }),
  errorCheck({
    id: 'http.order-auth-before-media-type',
    title: 'Fault order: a missing key is reported before a wrong media type',
    requirements: ['AIP-HTTP-013'],
    profile: 'core',
    action: 'POST /.well-known/aip/invoke without an API key, with Content-Type text/plain',
    request: (ctx) => rawPortable(ctx, 'hello', 'text/plain', { auth: 'none' }),
    expect: { status: 401, code: 'unauthorized' },
  }),
  errorCheck({
    id: 'http.order-media-type-before-size',
    title: 'Fault order: a wrong media type is reported before an oversized body',
    requirements: ['AIP-HTTP-013', 'AIP-HTTP-001'],
    profile: 'core',
    action: 'POST /.well-known/aip/invoke with Content-Type text/plain and a 2 MiB body',
    request: (ctx) => {
      const { body, shell } = paddedBody(2 * MiB);
      return rawPortable(ctx, body, 'text/plain', { bodyShell: shell, label: '2 MiB text/plain body' });
    },
    expect: { status: 415, code: 'unsupported_media_type' },
  }),
  errorCheck({
    id: 'http.order-size-before-syntax',
    title: 'Fault order: an oversized body is reported before its JSON syntax',
    requirements: ['AIP-HTTP-013', 'AIP-HTTP-002'],
    profile: 'core',
    action: 'POST /.well-known/aip/invoke with a 2 MiB body that is not JSON',
    request: (ctx) => {
      const { body, shell } = paddedBody(2 * MiB, '{"not json');
      return rawPortable(ctx, body, 'application/json', { bodyShell: shell, label: '2 MiB unparsable body' });
    },
    expect: { status: 413, code: 'payload_too_large' },
  }),
  errorCheck({
    id: 'http.order-schema-before-agent',
    title: 'Fault order: a schema violation is reported before an unknown agent',
    requirements: ['AIP-HTTP-013', 'AIP-HTTP-005'],
    profile: 'core',
    action: 'POST /.well-known/aip/invoke with X-AIP-Agent naming no agent and a body without prompt',
    request: () => ({
      method: 'POST',
      path: PORTABLE_INVOKE,
      headers: { 'X-AIP-Agent': NO_SUCH_AGENT },
      json: { aip_version: '0.1.0' },
    }),
    expect: { status: 400, code: 'invalid_request', field: { related: '/prompt' } },
  }),
  errorCheck({
    id: 'http.order-agent-before-session',
    title: 'Fault order: an unknown agent is reported before an unknown session',
    requirements: ['AIP-HTTP-013', 'AIP-INV-005'],
    profile: 'hub',
    action: 'POST /v1/aip/invoke naming an unknown agent and an unknown session',
    request: () => ({
      method: 'POST',
      path: HUB_INVOKE,
      json: { agent: NO_SUCH_AGENT, prompt: 'hi', session: NO_SUCH_SESSION },
    }),
    expect: { status: 404, code: 'agent_not_found' },
  }),
  errorCheck({
    id: 'http.order-session-before-blocks',
    title: 'Fault order: an unknown session is reported before unknown blocks',
    requirements: ['AIP-HTTP-013', 'AIP-INV-008'],
    profile: 'hub',
    action: 'POST /v1/aip/invoke naming an unknown session and an unknown block in context.blockIds',
    request: (ctx) => ({
      method: 'POST',
      path: HUB_INVOKE,
      json: hubBody(ctx, { session: NO_SUCH_SESSION, context: { blockIds: [NO_SUCH_BLOCK] } }),
    }),
    expect: { status: 404, code: 'session_not_found' },
  }),
]);
