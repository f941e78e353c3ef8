import { Type, type Static } from '@sinclair/typebox';
import { published } from './common.ts';

/**
 * The error-code catalogue (spec §5). `status` is the HTTP status a pre-stream error carries;
 * `null` marks codes that only appear after an invocation started (in an `error` event or a
 * failed invocation object). `retryable` is the value `error.retryable` takes (AIP-ERR-007): true
 * only where sending the same request again can succeed. Clients treat codes they do not know by
 * their HTTP status.
 */
export const ERROR_CODES = {
  invalid_json: { status: 400, retryable: false, description: 'The request body is not valid JSON.' },
  invalid_request: {
    status: 400,
    retryable: false,
    description: 'A member is missing, has the wrong type or an out-of-range value; `field` names it.',
  },
  unsupported_version: {
    status: 400,
    retryable: false,
    description: 'The `aip_version` is not one the endpoint implements; `details.supported` lists those it does.',
  },
  agent_header_required: {
    status: 400,
    retryable: false,
    description: 'The portable invoke endpoint was called without an `X-AIP-Agent` header.',
  },
  streaming_unsupported: {
    status: 400,
    retryable: false,
    description: 'Streaming was requested from an agent whose manifest says `stream: false`.',
  },
  unauthorized: { status: 401, retryable: false, description: 'The `X-API-Key` header is missing or not a valid key.' },
  not_found: { status: 404, retryable: false, description: 'No resource exists at this path.' },
  agent_not_found: {
    status: 404,
    retryable: false,
    description: 'No agent with this slug is deployed on the endpoint.',
  },
  session_not_found: {
    status: 404,
    retryable: false,
    description: 'No session with this id is visible to the caller.',
  },
  block_not_found: {
    status: 404,
    retryable: false,
    description: 'A referenced block does not exist or is not visible to the caller.',
  },
  method_not_allowed: {
    status: 405,
    retryable: false,
    description: 'The path exists but not for this method; the `Allow` header lists the methods it has.',
  },
  payload_too_large: {
    status: 413,
    retryable: false,
    description: 'The request body exceeds the endpoint\u2019s size limit.',
  },
  unsupported_media_type: { status: 415, retryable: false, description: 'The request body is not `application/json`.' },
  rate_limited: {
    status: 429,
    retryable: true,
    description: 'Too many requests; retry after the `Retry-After` header\u2019s delay.',
  },
  internal_error: { status: 500, retryable: true, description: 'The endpoint failed unexpectedly.' },
  unavailable: {
    status: 503,
    retryable: true,
    description: 'The endpoint is shutting down or overloaded; retry later.',
  },
  agent_error: { status: null, retryable: false, description: 'The agent failed after the invocation started.' },
  cancelled: {
    status: null,
    retryable: true,
    description: 'The invocation was ended before it finished (server shutdown or cancellation).',
  },
} as const satisfies Record<string, { status: number | null; retryable: boolean; description: string }>;

export type ErrorCode = keyof typeof ERROR_CODES;

export const ErrorObject = Type.Object(
  {
    code: Type.String({
      pattern: '^[a-z][a-z0-9_]*$',
      description: 'Stable machine-readable code from the catalogue.',
    }),
    message: Type.String({ minLength: 1, description: 'Human-readable explanation that says what to do.' }),
    field: Type.Optional(
      Type.String({
        description: 'JSON Pointer (RFC 6901) to the offending request member, or `header:<name>` for a header.',
      }),
    ),
    requestId: Type.Optional(Type.String({ description: 'Identifier of the request, for support.' })),
    retryable: Type.Optional(Type.Boolean({ description: 'True when repeating the same request may succeed.' })),
    details: Type.Optional(Type.Object({}, { description: 'Code-specific structured detail.' })),
  },
  { ...published('error-object', 'ErrorObject'), description: 'An error: what went wrong and where.' },
);
export type ErrorObject = Static<typeof ErrorObject>;

export const ErrorEnvelope = Type.Object(
  { error: ErrorObject },
  {
    ...published('error-envelope', 'ErrorEnvelope'),
    description: 'Body of every error response: `{ "error": { "code", "message", … } }`.',
  },
);
export type ErrorEnvelope = Static<typeof ErrorEnvelope>;
