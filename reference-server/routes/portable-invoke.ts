import { SUPPORTED_AIP_VERSIONS, type PortableInvokeRequest } from '../../src/index.ts';
import { apiError, type ApiError } from '../api-error.ts';
import type { RequestContext } from '../http/context.ts';
import { checkBody } from '../http/request-validation.ts';
import type { Reply, Route } from '../http/router.ts';
import { invoke } from './invoke.ts';

const AGENT_HEADER = 'x-aip-agent';
const AGENT_FIELD = 'header:X-AIP-Agent';
const SLUG = /^[a-z0-9][a-z0-9._-]{0,63}$/;
const VERSION = /^[0-9]+\.[0-9]+\.[0-9]+$/;

/** Hub pointers the pipeline reports, in the portable request's own vocabulary. */
const PORTABLE_POINTERS: ReadonlyArray<[RegExp, string]> = [
  [/^\/agent$/, AGENT_FIELD],
  [/^\/prompt$/, '/prompt/content'],
  [/^\/session$/, '/context/session_id'],
  [/^\/stream$/, '/options/stream'],
  [/^\/context\/blockIds(\/.*)?$/, '/context/block_ids$1'],
  [/^\/enrichmentConfig\/blockIds(\/.*)?$/, '/context/enrichment_config/block_ids$1'],
];

export function portablePointer(hubPointer: string): string {
  for (const [pattern, replacement] of PORTABLE_POINTERS)
    if (pattern.test(hubPointer)) return hubPointer.replace(pattern, replacement);
  return hubPointer;
}

function agentHeader(ctx: RequestContext): string | undefined {
  const value = ctx.req.headers[AGENT_HEADER];
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

function requireAgentHeader(ctx: RequestContext): ApiError | undefined {
  if (agentHeader(ctx) !== undefined) return undefined;
  return apiError('agent_header_required', 'Name the agent to invoke in the X-AIP-Agent header.', {
    field: AGENT_FIELD,
  });
}

/**
 * The version is judged before the rest of the body, and before `X-AIP-Agent` (§3.4 step 6): a
 * future version may shape both differently. A body that is not an object has no version to read,
 * so it fails here, as a whole (Appendix A).
 */
function checkVersion(body: unknown): ApiError | undefined {
  if (body === null || typeof body !== 'object' || Array.isArray(body))
    return apiError('invalid_request', 'The request body must be a JSON object; send one.', { field: '' });
  const version = (body as Record<string, unknown>).aip_version;
  if (version === undefined)
    return apiError('invalid_request', '`/aip_version` is required; send "0.1.0".', { field: '/aip_version' });
  if (typeof version !== 'string' || !VERSION.test(version)) {
    return apiError('invalid_request', '`/aip_version` must be a version string such as "0.1.0"; send "0.1.0".', {
      field: '/aip_version',
    });
  }
  if (!SUPPORTED_AIP_VERSIONS.includes(version)) {
    return apiError(
      'unsupported_version',
      `AIP version ${version} is not supported here; send one of: ${SUPPORTED_AIP_VERSIONS.join(', ')}.`,
      {
        field: '/aip_version',
        details: { supported: [...SUPPORTED_AIP_VERSIONS] },
      },
    );
  }
  return undefined;
}

async function invokePortable(ctx: RequestContext): Promise<Reply> {
  const invalid = checkVersion(ctx.body) ?? requireAgentHeader(ctx) ?? checkBody('portable-invoke-request', ctx.body);
  if (invalid) return invalid;
  const agent = agentHeader(ctx)!;
  if (!SLUG.test(agent)) {
    return apiError(
      'agent_not_found',
      'The X-AIP-Agent header does not name a deployed agent; GET /.well-known/aip/agent lists them.',
      { field: AGENT_FIELD },
    );
  }
  const body = ctx.body as PortableInvokeRequest;
  const context = body.context ?? {};
  const config = context.enrichment_config ?? {};
  return await invoke(
    ctx,
    {
      agent,
      prompt: body.prompt.content,
      attachments: body.prompt.attachments ?? [],
      session: context.session_id ?? null,
      context: definedOnly({
        blockIds: context.block_ids,
        includeByTag: context.include_by_tag,
        excludeByTag: context.exclude_by_tag,
        includePinned: context.include_pinned,
        maxTokens: context.max_tokens,
      }),
      enrichment: context.enrichment ?? 'none',
      enrichmentConfig: definedOnly({
        includePreferences: config.include_preferences,
        recencyBias: config.recency_bias,
        maxTokens: config.max_tokens,
        blockIds: config.block_ids,
      }),
      stream: body.options?.stream ?? false,
      saveToSession: body.options?.save_to_session ?? true,
    },
    portablePointer,
  );
}

function definedOnly<T extends Record<string, unknown>>(value: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as {
    [K in keyof T]?: Exclude<T[K], undefined>;
  };
}

export const portableInvokeRoutes: Route[] = [
  {
    path: '/.well-known/aip/invoke',
    methods: { POST: { auth: true, body: 'json', handler: invokePortable } },
  },
];
