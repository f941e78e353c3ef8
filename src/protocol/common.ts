import { Type, type Static, type TSchema } from '@sinclair/typebox';

/** The protocol version this kit implements and tests. */
export const AIP_VERSION = '0.1.0';

/** Versions a 0.1.0 endpoint accepts in `aip_version`. */
export const SUPPORTED_AIP_VERSIONS: readonly string[] = [AIP_VERSION];

/** Base of every published schema `$id`. */
export const SCHEMA_BASE = `https://schemas.aip-kit.org/${AIP_VERSION}`;

/**
 * The `$id` and `title` of a definition published as `schemas/<stem>.json`. A schema carrying
 * them is emitted once, under its own file, and every other schema that contains it gets a
 * `$ref` instead of a copy (src/validate/documents.ts), so generators see one named type.
 */
export function published(stem: string, title: string): { $id: string; title: string } {
  return { $id: `${SCHEMA_BASE}/${stem}.json`, title };
}

export const Slug = Type.String({
  ...published('slug', 'Slug'),
  pattern: '^[a-z0-9][a-z0-9._-]{0,63}$',
  description: 'Agent deployment slug: lowercase letters, digits, ".", "_" and "-", 1 to 64 characters.',
});
export type Slug = Static<typeof Slug>;

function prefixedId(stem: string, title: string, prefix: string, what: string) {
  return Type.String({
    ...published(stem, title),
    pattern: `^${prefix}_[A-Za-z0-9_-]{1,64}$`,
    description: `${what} identifier, always prefixed "${prefix}_".`,
  });
}

export const InvocationId = prefixedId('invocation-id', 'InvocationId', 'inv', 'Invocation');
export const SessionId = prefixedId('session-id', 'SessionId', 'sess', 'Session');
export const BlockId = prefixedId('block-id', 'BlockId', 'blk', 'Block');

export const Tag = Type.String({
  ...published('tag', 'Tag'),
  minLength: 1,
  maxLength: 128,
  description: 'A free-form tag.',
});
export const Tags = Type.Array(Tag, { ...published('tags', 'Tags'), description: 'Tags, compared case-sensitively.' });

export const Timestamp = Type.String({
  ...published('timestamp', 'Timestamp'),
  format: 'date-time',
  description: 'RFC 3339 timestamp in UTC with a trailing "Z".',
});

export const TokenCount = Type.Integer({
  ...published('token-count', 'TokenCount'),
  minimum: 0,
  description: 'A number of tokens, counted by the hub.',
});

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
  { ...published('usage', 'Usage'), description: 'Token accounting of one invocation.' },
);
export type Usage = Static<typeof Usage>;

/** Wraps a success payload in the hub envelope `{ "data": … }`. */
export function DataEnvelope<T extends TSchema>(data: T, id: { $id: string; title: string }, description: string) {
  return Type.Object({ data }, { ...id, description });
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
  { ...published('list-meta', 'ListMeta'), description: 'Pagination state of a list response.' },
);
export type ListMeta = Static<typeof ListMeta>;

/** A page of a list endpoint: `{ "data": [item, …], "meta": ListMeta }`. */
export function ListEnvelope<T extends TSchema>(item: T, id: { $id: string; title: string }, description: string) {
  return Type.Object({ data: Type.Array(item), meta: ListMeta }, { ...id, description });
}
