import { Type, type Static } from '@sinclair/typebox';
import { BlockId, DataEnvelope, InvocationId, published, SessionId, Slug, Tags, Usage } from './common.ts';
import { ErrorObject } from './errors.ts';

export const EnrichmentMode = Type.Union([Type.Literal('none'), Type.Literal('manual'), Type.Literal('auto')], {
  ...published('enrichment-mode', 'EnrichmentMode'),
  description:
    'How the hub adds context beyond the session: `none` (default), `manual` (caller-named blocks), `auto` (hub-chosen).',
});
export type EnrichmentMode = Static<typeof EnrichmentMode>;

export const EnrichmentConfig = Type.Object(
  {
    includePreferences: Type.Optional(
      Type.Boolean({ description: 'With `auto`: add the caller\u2019s blocks tagged `preferences`. Default true.' }),
    ),
    recencyBias: Type.Optional(
      Type.Number({
        minimum: 0,
        maximum: 1,
        description: 'With `auto`: 0 orders candidates by importance only, 1 by recency only.',
      }),
    ),
    maxTokens: Type.Optional(
      Type.Integer({ minimum: 0, description: 'Cap on enrichment tokens, inside the overall context budget.' }),
    ),
    blockIds: Type.Optional(
      Type.Array(BlockId, { description: 'With `manual`: blocks from any of the caller\u2019s sessions to add.' }),
    ),
  },
  { ...published('enrichment-config', 'EnrichmentConfig'), description: 'Enrichment options.' },
);
export type EnrichmentConfig = Static<typeof EnrichmentConfig>;

export const ContextSelection = Type.Object(
  {
    blockIds: Type.Optional(Type.Array(BlockId, { description: 'Blocks of the session to include explicitly.' })),
    includeByTag: Type.Optional(Tags),
    excludeByTag: Type.Optional(Tags),
    includePinned: Type.Optional(
      Type.Boolean({ description: 'Include pinned blocks regardless of tags. Default true.' }),
    ),
    maxTokens: Type.Optional(
      Type.Integer({
        minimum: 1,
        description: 'Token budget for assembled context. Default: the agent\u2019s `context_requirements.max_tokens`.',
      }),
    ),
  },
  {
    ...published('context-selection', 'ContextSelection'),
    description: 'Which session blocks become context (spec §9).',
  },
);
export type ContextSelection = Static<typeof ContextSelection>;

export const HubInvokeRequest = Type.Object(
  {
    agent: Slug,
    prompt: Type.String({ minLength: 1, description: 'User message or task.' }),
    session: Type.Optional(SessionId),
    context: Type.Optional(ContextSelection),
    enrichment: Type.Optional(EnrichmentMode),
    enrichmentConfig: Type.Optional(EnrichmentConfig),
    stream: Type.Optional(Type.Boolean({ default: false, description: 'Answer with a Server-Sent Events stream.' })),
    saveToSession: Type.Optional(Type.Boolean({ default: true, description: 'Save the exchange to the session.' })),
  },
  { ...published('hub-invoke-request', 'HubInvokeRequest'), description: 'Body of `POST /v1/aip/invoke`.' },
);
export type HubInvokeRequest = Static<typeof HubInvokeRequest>;

export const Attachment = Type.Union(
  [
    Type.Object(
      { type: Type.Literal('text'), name: Type.Optional(Type.String()), text: Type.String() },
      { title: 'TextAttachment', description: 'Inline text.' },
    ),
    Type.Object(
      {
        type: Type.Literal('url'),
        url: Type.String({ format: 'uri' }),
        name: Type.Optional(Type.String()),
        media_type: Type.Optional(Type.String()),
      },
      { title: 'UrlAttachment', description: 'A resource the agent may fetch.' },
    ),
    Type.Object(
      {
        type: Type.Literal('file'),
        name: Type.String({ minLength: 1 }),
        media_type: Type.String({ minLength: 1 }),
        data: Type.String({ description: 'Base64 (RFC 4648 §4) file content.' }),
      },
      { title: 'FileAttachment', description: 'An inline file.' },
    ),
  ],
  { ...published('attachment', 'Attachment'), description: 'Material attached to a prompt, discriminated by `type`.' },
);
export type Attachment = Static<typeof Attachment>;

export const PortableInvokeRequest = Type.Object(
  {
    aip_version: Type.String({
      pattern: '^[0-9]+\\.[0-9]+\\.[0-9]+$',
      description: 'Protocol version of the request; "0.1.0".',
    }),
    prompt: Type.Object(
      {
        content: Type.String({ minLength: 1, description: 'User message or task.' }),
        attachments: Type.Optional(Type.Array(Attachment)),
      },
      { title: 'PortablePrompt', description: 'The prompt.' },
    ),
    context: Type.Optional(
      Type.Object(
        {
          session_id: Type.Optional(SessionId),
          block_ids: Type.Optional(Type.Array(BlockId)),
          include_by_tag: Type.Optional(Tags),
          exclude_by_tag: Type.Optional(Tags),
          include_pinned: Type.Optional(Type.Boolean()),
          max_tokens: Type.Optional(Type.Integer({ minimum: 1 })),
          enrichment: Type.Optional(EnrichmentMode),
          enrichment_config: Type.Optional(
            Type.Object(
              {
                include_preferences: Type.Optional(Type.Boolean()),
                recency_bias: Type.Optional(Type.Number({ minimum: 0, maximum: 1 })),
                max_tokens: Type.Optional(Type.Integer({ minimum: 0 })),
                block_ids: Type.Optional(Type.Array(BlockId)),
              },
              { title: 'PortableEnrichmentConfig', description: 'The snake_case twin of `EnrichmentConfig`.' },
            ),
          ),
        },
        {
          title: 'PortableContext',
          description:
            'Session and context selection; the snake_case twin of the hub\u2019s `session`, `context` and enrichment members.',
        },
      ),
    ),
    options: Type.Optional(
      Type.Object(
        {
          stream: Type.Optional(Type.Boolean({ default: false })),
          save_to_session: Type.Optional(Type.Boolean({ default: true })),
        },
        { title: 'PortableOptions', description: 'Delivery options.' },
      ),
    ),
  },
  {
    ...published('portable-invoke-request', 'PortableInvokeRequest'),
    description: 'Body of `POST /.well-known/aip/invoke`; the agent is named by the `X-AIP-Agent` header.',
  },
);
export type PortableInvokeRequest = Static<typeof PortableInvokeRequest>;

export const InvocationStatus = Type.Union(
  [Type.Literal('completed'), Type.Literal('failed'), Type.Literal('cancelled')],
  { ...published('invocation-status', 'InvocationStatus'), description: 'Terminal state of an invocation.' },
);
export type InvocationStatus = Static<typeof InvocationStatus>;

export const Invocation = Type.Object(
  {
    id: InvocationId,
    status: InvocationStatus,
    output: Type.String({
      description: 'The agent\u2019s full answer; the concatenation of every `text_delta` of the same invocation.',
    }),
    agent: Slug,
    session: Type.Union([SessionId, Type.Null()], {
      description: 'The session the request named, or null for an ephemeral invocation.',
    }),
    blocksCreated: Type.Array(BlockId, {
      description: 'Blocks the invocation saved to the session, in creation order.',
    }),
    usage: Usage,
    error: Type.Optional(ErrorObject),
  },
  {
    ...published('invocation', 'Invocation'),
    description: 'A finished invocation. `error` is present exactly when `status` is not `completed`.',
  },
);
export type Invocation = Static<typeof Invocation>;

export const InvokeResponse = DataEnvelope(
  Invocation,
  published('invoke-response', 'InvokeResponse'),
  'JSON answer of both invoke endpoints when streaming is off.',
);
export type InvokeResponse = Static<typeof InvokeResponse>;
