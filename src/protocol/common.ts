import { Type, type Static, type TSchema } from '@sinclair/typebox';

/** The protocol version this kit implements and tests. */
export const AIP_VERSION = '0.1.0';

/** Versions a 0.1.0 endpoint accepts in `aip_version`. */
export const SUPPORTED_AIP_VERSIONS: readonly string[] = [AIP_VERSION];

/** Base of every published schema `$id`. */
export const SCHEMA_BASE = `https://schemas.aip-kit.org/${AIP_VERSION}`;

export const Slug = Type.String({
  pattern: '^[a-z0-9][a-z0-9._-]{0,63}$',
  description: 'Agent deployment slug: lowercase letters, digits, ".", "_" and "-", 1 to 64 characters.',
});
export type Slug = Static<typeof Slug>;

function prefixedId(prefix: string, what: string) {
  return Type.String({
    pattern: `^${prefix}_[A-Za-z0-9_-]{1,64}$`,
    description: `${what} identifier, always prefixed "${prefix}_".`,
  });
}

export const InvocationId = prefixedId('inv', 'Invocation');
export const SessionId = prefixedId('sess', 'Session');
export const BlockId = prefixedId('blk', 'Block');

export const Tag = Type.String({ minLength: 1, maxLength: 128, description: 'A free-form tag.' });
export const Tags = Type.Array(Tag, { description: 'Tags, compared case-sensitively.' });

export const Timestamp = Type.String({
  format: 'date-time',
  description: 'RFC 3339 timestamp in UTC with a trailing "Z".',
});

export const TokenCount = Type.Integer({ minimum: 0, description: 'A number of tokens, counted by the hub.' });

export const Usage = Type.Object(
  {
    contextTokens: Type.Integer({
      minimum: 0,
      description: 'Tokens of assembled context; equals `context_assembled.tokenCount`.',
    }),
    inputTokens: Type.Integer({
      minimum: 0,
      description: 'Tokens the agent consumed as input (context, prompt and overhead).',
    }),
    outputTokens: Type.Integer({ minimum: 0, description: 'Tokens the agent produced.' }),
  },
  { description: 'Token accounting of one invocation.' },
);
export type Usage = Static<typeof Usage>;

/** Wraps a success payload in the hub envelope `{ "data": … }`. */
export function DataEnvelope<T extends TSchema>(data: T, description: string) {
  return Type.Object({ data }, { description });
}

export const ListMeta = Type.Object(
  {
    hasMore: Type.Boolean({ description: 'True when another page follows.' }),
    nextCursor: Type.Optional(
      Type.String({
        minLength: 1,
        description: 'Pass as `cursor` to fetch the next page; present when `hasMore` is true.',
      }),
    ),
  },
  { description: 'Pagination state of a list response.' },
);
export type ListMeta = Static<typeof ListMeta>;

/** A page of a list endpoint: `{ "data": [item, …], "meta": ListMeta }`. */
export function ListEnvelope<T extends TSchema>(item: T, description: string) {
  return Type.Object({ data: Type.Array(item), meta: ListMeta }, { description });
}
