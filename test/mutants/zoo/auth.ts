/** §4 Authentication. */
import { MANIFEST, errorResponse, withHeader } from '../helpers.ts';
import type { Mutant, ProxyRequest } from '../types.ts';

const isManifest = (req: ProxyRequest) => req.path === MANIFEST;

/** A request whose key matches the kit's key under `normalise`, forwarded with the real key. */
function accepting(normalise: (key: string, valid: string) => boolean) {
  return {
    when: (req: ProxyRequest) => !isManifest(req) && req.headers['x-api-key'] !== undefined,
    request: (req: ProxyRequest, ctx: { apiKey: string }) => {
      const key = req.headers['x-api-key']!;
      return key !== ctx.apiKey && normalise(key, ctx.apiKey) ? withHeader(req, 'x-api-key', ctx.apiKey) : req;
    },
  };
}

export const AUTH_MUTANTS: Mutant[] = [
  {
    name: 'auth-key-case-insensitive',
    fault: 'Compares API keys without regard to letter case.',
    expect: { requirements: ['AIP-AUTH-006'], verdict: 'fail' },
    ...accepting((key, valid) => key.toLowerCase() === valid.toLowerCase()),
  },
  {
    name: 'auth-key-trimmed',
    fault: 'Trims the presented key (String.prototype.trim, which also strips a non-breaking space) before comparing.',
    expect: { requirements: ['AIP-AUTH-006'], verdict: 'fail' },
    ...accepting((key, valid) => key.trim() === valid),
  },
  {
    name: 'auth-key-prefix-match',
    fault: 'Accepts any key that starts with a valid key (it compares only the valid key\u2019s length).',
    expect: { requirements: ['AIP-AUTH-006'], verdict: 'fail' },
    ...accepting((key, valid) => key.startsWith(valid)),
  },
  {
    name: 'auth-missing-key-accepted',
    fault: 'Serves a request that has no X-API-Key as if it carried a valid key.',
    expect: { requirements: ['AIP-AUTH-001'], verdict: 'fail' },
    when: (req) => !isManifest(req) && !req.headers['x-api-key'],
    request: (req, ctx) => withHeader(req, 'x-api-key', ctx.apiKey),
  },
  {
    name: 'auth-invalid-key-accepted',
    fault: 'Serves a request whose X-API-Key is not a valid key.',
    expect: { requirements: ['AIP-AUTH-002'], verdict: 'fail' },
    when: (req) => !isManifest(req) && req.headers['x-api-key'] !== undefined,
    request: (req, ctx) => withHeader(req, 'x-api-key', ctx.apiKey),
  },
  {
    name: 'auth-401-as-403',
    fault: 'Answers a missing or bad key with 403 forbidden instead of 401 unauthorized.',
    expect: { requirements: ['AIP-AUTH-002'], verdict: 'fail' },
    error: (res) =>
      res.status === 401
        ? { status: 403, headers: res.headers, body: { error: { ...res.json?.error, code: 'forbidden' } } }
        : undefined,
  },
  {
    name: 'auth-principals-share-everything',
    fault:
      'Serves the second principal\u2019s requests as if they came from the first, so each sees the other\u2019s sessions.',
    expect: { requirements: ['AIP-AUTH-004'], verdict: 'fail' },
    request: (req, ctx) =>
      req.headers['x-api-key'] === ctx.secondApiKey ? withHeader(req, 'x-api-key', ctx.apiKey) : req,
  },
  {
    name: 'auth-foreign-session-403',
    fault:
      'Answers another principal\u2019s existing session with 403 forbidden instead of the 404 an absent one gets.',
    expect: { requirements: ['AIP-AUTH-005'], verdict: 'fail' },
    error: async (res, req, ctx) => {
      if (res.status !== 404 || req.headers['x-api-key'] !== ctx.secondApiKey) return undefined;
      const asOwner = await ctx.forward(withHeader(req, 'x-api-key', ctx.apiKey));
      return asOwner.status === 404 ? undefined : errorResponse(403, 'forbidden');
    },
  },
  {
    name: 'auth-manifest-needs-key',
    fault: 'Requires an API key on the manifest endpoint.',
    expect: { requirements: ['AIP-AUTH-003'], verdict: 'fail' },
    respond: (req, ctx) =>
      isManifest(req) && req.headers['x-api-key'] !== ctx.apiKey ? errorResponse(401, 'unauthorized') : undefined,
  },
];
