/** §7 Portable invoke endpoint (and §15 version acceptance). */
import { SUPPORTED_AIP_VERSIONS } from '../../../src/index.ts';
import { validate } from '../../../src/validate/index.ts';
import { relay } from '../proxy.ts';
import { PORTABLE_INVOKE, errorResponse, wantsJson, withBody, withHeader } from '../helpers.ts';
import type { Mutant, ProxyRequest } from '../types.ts';

type Body = Record<string, any>;

const isPortable = (req: ProxyRequest) => req.method === 'POST' && req.path === PORTABLE_INVOKE;
const WELL_FORMED = /^[0-9]+\.[0-9]+\.[0-9]+$/;
const versionOf = (req: ProxyRequest): unknown => (req.json as Body | undefined)?.aip_version;
const isObject = (v: unknown): v is Body => typeof v === 'object' && v !== null && !Array.isArray(v);

export const PORT_MUTANTS: Mutant[] = [
  {
    name: 'port-agent-header-defaulted',
    fault: 'Runs the default agent when the X-AIP-Agent header is missing instead of answering agent_header_required.',
    expect: { requirements: ['AIP-PORT-002'], verdict: 'fail' },
    when: (req) => isPortable(req) && !req.headers['x-aip-agent'],
    request: (req) => withHeader(req, 'x-aip-agent', 'code-assistant'),
  },
  {
    name: 'port-unknown-agent-400',
    fault: 'Answers an unknown X-AIP-Agent slug with 400 invalid_request instead of 404 agent_not_found.',
    expect: { requirements: ['AIP-PORT-003'], verdict: 'fail' },
    when: isPortable,
    error: (res) =>
      res.json?.error?.code === 'agent_not_found'
        ? {
            status: 400,
            headers: res.headers,
            body: { error: { ...res.json.error, code: 'invalid_request', field: 'header:X-AIP-Agent' } },
          }
        : undefined,
  },
  {
    name: 'port-malformed-version-accepted',
    fault: 'Treats a missing or malformed `aip_version` as "0.1.0".',
    expect: { requirements: ['AIP-PORT-004'], verdict: 'fail' },
    when: (req) =>
      isPortable(req) &&
      isObject(req.json) &&
      (typeof versionOf(req) !== 'string' || !WELL_FORMED.test(versionOf(req) as string)),
    request: (req) => withBody(req, { ...(req.json as Body), aip_version: '0.1.0' }),
  },
  {
    name: 'port-unsupported-version-accepted',
    fault: 'Runs requests in any well-formed `aip_version` as if they were "0.1.0".',
    expect: { requirements: ['AIP-PORT-005'], verdict: 'fail' },
    when: (req) =>
      isPortable(req) &&
      typeof versionOf(req) === 'string' &&
      WELL_FORMED.test(versionOf(req) as string) &&
      !SUPPORTED_AIP_VERSIONS.includes(versionOf(req) as string),
    request: (req) => withBody(req, { ...(req.json as Body), aip_version: '0.1.0' }),
  },
  {
    name: 'port-unsupported-without-supported',
    fault: 'Answers unsupported_version without `details.supported`.',
    expect: { requirements: ['AIP-PORT-005'], verdict: 'fail' },
    when: isPortable,
    error: (res) => {
      if (res.json?.error?.code !== 'unsupported_version') return undefined;
      const { details: _dropped, ...error } = res.json.error;
      return { ...relay(res), body: { error } };
    },
  },
  {
    name: 'port-version-checked-after-schema',
    fault:
      'Validates the rest of the body before `aip_version`, so an unsupported version with a bad body gets invalid_request.',
    expect: { requirements: ['AIP-PORT-006'], verdict: 'fail' },
    when: (req) =>
      isPortable(req) &&
      isObject(req.json) &&
      typeof versionOf(req) === 'string' &&
      !SUPPORTED_AIP_VERSIONS.includes(versionOf(req) as string) &&
      !validate('portable-invoke-request', { ...(req.json as Body), aip_version: '0.1.0' }).ok,
    request: (req) => withBody(req, { ...(req.json as Body), aip_version: '0.1.0' }),
  },
  {
    name: 'port-agent-header-before-version',
    fault:
      'Reads X-AIP-Agent before the body, so a request without it gets agent_header_required even when its aip_version is unsupported (the check order of §3.4 step 6).',
    expect: { requirements: ['AIP-PORT-006'], verdict: 'fail' },
    when: (req) => isPortable(req) && !req.headers['x-aip-agent'],
    respond: () => errorResponse(400, 'agent_header_required', { field: 'header:X-AIP-Agent' }),
  },
  {
    name: 'port-agent-not-slug-400',
    fault: 'Answers an X-AIP-Agent that is not a slug with a schema error instead of 404 agent_not_found.',
    expect: { requirements: ['AIP-PORT-003'], verdict: 'fail' },
    when: (req) =>
      isPortable(req) &&
      req.headers['x-aip-agent'] !== undefined &&
      !/^[a-z0-9][a-z0-9._-]{0,63}$/.test(req.headers['x-aip-agent']),
    respond: () => errorResponse(400, 'invalid_request', { field: 'header:X-AIP-Agent' }),
  },
  {
    name: 'port-json-unwrapped',
    fault: 'Answers a portable JSON invoke with the bare Invocation instead of `{ "data": Invocation }`.',
    expect: { requirements: ['AIP-PORT-007'], verdict: 'fail' },
    when: (req) => isPortable(req) && wantsJson(req),
    json: (body) => body.data ?? body,
  },
  {
    name: 'port-include-by-tag-dropped',
    fault: 'Loses `context.include_by_tag` when mapping a portable request to the hub invocation.',
    expect: { requirements: ['AIP-PORT-007'], verdict: 'fail' },
    when: (req) => isPortable(req) && isObject((req.json as Body | undefined)?.context),
    request: (req) => {
      const b = structuredClone(req.json as Body);
      delete b.context.include_by_tag;
      return withBody(req, b);
    },
  },
  {
    name: 'port-attachments-rejected',
    fault: 'Rejects every prompt that carries attachments.',
    expect: { requirements: ['AIP-PORT-008'], verdict: 'fail' },
    respond: (req) => {
      const attachments: unknown = (req.json as Body | undefined)?.prompt?.attachments;
      return isPortable(req) && Array.isArray(attachments) && attachments.length > 0
        ? errorResponse(400, 'invalid_request', { field: '/prompt/attachments/0' })
        : undefined;
    },
  },
  {
    name: 'ver-current-version-rejected',
    fault: 'Answers portable requests in "0.1.0" with unsupported_version.',
    expect: { requirements: ['AIP-VER-002'], verdict: 'fail' },
    respond: (req) =>
      isPortable(req) && versionOf(req) === '0.1.0'
        ? errorResponse(400, 'unsupported_version', { details: { supported: ['0.0.9'] } })
        : undefined,
  },
];
