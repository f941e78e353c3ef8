/** §3 HTTP conventions: media types, size limit, JSON errors, paths, methods, lists, request ids. */
import { relay } from '../proxy.ts';
import { errorResponse, withHeader } from '../helpers.ts';
import type { Mutant, ProxyRequest } from '../types.ts';

const isJsonType = (req: ProxyRequest) => /^application\/json\s*(;|$)/i.test(req.headers['content-type'] ?? '');
const isList = (req: ProxyRequest) => req.method === 'GET' && /^\/v1\/aip\/sessions(\/[^/]+\/blocks)?$/.test(req.path);

/** Maps one error code to another status and code, keeping the rest of the envelope. */
function recode(from: string, status: number, code: string): Mutant['error'] {
  return (res) =>
    res.json?.error?.code === from
      ? { status, headers: res.headers, body: { error: { ...res.json.error, code } } }
      : undefined;
}

export const HTTP_MUTANTS: Mutant[] = [
  {
    name: 'http-any-media-type',
    fault: 'Accepts a POST body of any media type as if it were application/json.',
    expect: { requirements: ['AIP-HTTP-001'], verdict: 'fail' },
    when: (req) => req.method === 'POST' && req.body.length > 0 && !isJsonType(req),
    request: (req) => withHeader(req, 'content-type', 'application/json'),
  },
  {
    name: 'http-charset-refused',
    fault: 'Refuses `application/json` with a media-type parameter (`; charset=utf-8`) with 415.',
    expect: { requirements: ['AIP-HTTP-001'], verdict: 'fail' },
    respond: (req) =>
      /^application\/json\s*;/i.test(req.headers['content-type'] ?? '')
        ? errorResponse(415, 'unsupported_media_type')
        : undefined,
  },
  {
    name: 'http-half-mib-limit',
    fault: 'Limits request bodies to 512 KiB instead of the recommended 1 MiB.',
    expect: { requirements: ['AIP-HTTP-003'], verdict: 'warn' },
    respond: (req) => (req.body.length > 512 * 1024 ? errorResponse(413, 'payload_too_large') : undefined),
  },
  {
    name: 'http-oversize-as-500',
    fault: 'Answers an over-limit body with 500 internal_error instead of 413.',
    expect: { requirements: ['AIP-HTTP-002'], verdict: 'fail' },
    error: recode('payload_too_large', 500, 'internal_error'),
  },
  {
    name: 'http-bad-json-as-500',
    fault: 'Answers unparsable JSON with 500 internal_error instead of 400 invalid_json.',
    expect: { requirements: ['AIP-HTTP-004'], verdict: 'fail' },
    error: recode('invalid_json', 500, 'internal_error'),
  },
  {
    name: 'http-schema-violation-as-422',
    fault: 'Answers a schema violation with status 422 instead of 400.',
    expect: { requirements: ['AIP-HTTP-005'], verdict: 'fail' },
    error: (res) => (res.json?.error?.code === 'invalid_request' ? { ...relay(res), status: 422 } : undefined),
  },
  {
    name: 'http-success-as-text-plain',
    fault: 'Labels successful JSON answers of the hub API as text/plain.',
    expect: { requirements: ['AIP-HTTP-006'], verdict: 'fail' },
    when: (req) => req.path.startsWith('/v1/aip/'),
    head: (head) =>
      head.status < 300 && (head.headers['content-type'] ?? '').startsWith('application/json')
        ? { ...head, headers: { ...head.headers, 'content-type': 'text/plain; charset=utf-8' } }
        : head,
  },
  {
    name: 'http-unknown-path-200',
    fault: 'Answers a path it does not define with 200 and an empty object.',
    expect: { requirements: ['AIP-HTTP-007'], verdict: 'fail' },
    error: (res) =>
      res.json?.error?.code === 'not_found' ? { status: 200, headers: res.headers, body: {} } : undefined,
  },
  {
    name: 'http-405-without-allow',
    fault: 'Sends 405 method_not_allowed without an Allow header.',
    expect: { requirements: ['AIP-HTTP-008'], verdict: 'fail' },
    head: (head) => {
      const headers = { ...head.headers };
      if (head.status === 405) delete headers.allow;
      return { ...head, headers };
    },
  },
  {
    name: 'http-bad-query-ignored',
    fault: 'Ignores a query parameter it cannot accept instead of answering 400.',
    expect: { requirements: ['AIP-HTTP-009'], verdict: 'fail' },
    when: isList,
    error: async (res, req, ctx) => {
      const field: unknown = res.json?.error?.field;
      if (typeof field !== 'string' || !field.startsWith('/query/')) return undefined;
      const query = new URLSearchParams(req.query);
      query.delete(field.slice('/query/'.length));
      return relay(await ctx.forward({ ...req, query }));
    },
  },
  {
    name: 'http-limit-ignored',
    fault: 'Returns up to 100 entries per page whatever `limit` asks for.',
    expect: { requirements: ['AIP-HTTP-010'], verdict: 'fail' },
    when: (req) => isList(req) && req.query.has('limit'),
    request: (req) => {
      const query = new URLSearchParams(req.query);
      query.set('limit', '100');
      return { ...req, query };
    },
  },
  {
    name: 'http-has-more-without-cursor',
    fault: 'Says `hasMore: true` but leaves out `nextCursor`.',
    expect: { requirements: ['AIP-HTTP-011'], verdict: 'fail' },
    when: isList,
    json: (body) => {
      if (body?.meta?.hasMore) delete body.meta.nextCursor;
      return body;
    },
  },
  {
    name: 'http-cursor-ignored',
    fault: 'Ignores `cursor`, so every page is the first page again.',
    expect: { requirements: ['AIP-HTTP-011'], verdict: 'fail' },
    when: (req) => isList(req) && req.query.has('cursor'),
    request: (req) => {
      const query = new URLSearchParams(req.query);
      query.delete('cursor');
      return { ...req, query };
    },
  },
  {
    name: 'http-no-request-id',
    fault: 'Sends no X-Request-Id header.',
    expect: { requirements: ['AIP-HTTP-012'], verdict: 'fail' },
    head: (head) => {
      const headers = { ...head.headers };
      delete headers['x-request-id'];
      return { ...head, headers };
    },
  },
  {
    name: 'http-auth-before-method',
    fault: 'Checks the API key before the method, so a keyless request with a wrong method gets 401 instead of 405.',
    expect: { requirements: ['AIP-HTTP-013'], verdict: 'fail' },
    error: (res, req, ctx) =>
      res.status === 405 && req.headers['x-api-key'] !== ctx.apiKey ? errorResponse(401, 'unauthorized') : undefined,
  },
  {
    name: 'http-syntax-before-auth',
    fault:
      'Parses the body before checking the key, so a bad key with unparsable JSON gets 400 invalid_json instead of 401.',
    expect: { requirements: ['AIP-HTTP-013'], verdict: 'fail' },
    error: (res, req) =>
      res.status === 401 && req.method === 'POST' && req.body.length > 0 && req.json === undefined
        ? errorResponse(400, 'invalid_json')
        : undefined,
  },
  {
    name: 'http-media-type-before-auth',
    fault: 'Checks the media type before the API key, so a keyless non-JSON POST gets 415 instead of 401.',
    expect: { requirements: ['AIP-HTTP-013'], verdict: 'fail' },
    respond: (req) =>
      req.method === 'POST' && !req.path.startsWith('/.well-known/aip/agent') && req.body.length > 0 && !isJsonType(req)
        ? errorResponse(415, 'unsupported_media_type')
        : undefined,
  },
];
