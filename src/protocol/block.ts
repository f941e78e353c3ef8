import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { BlockId, DataEnvelope, ListEnvelope, published, SessionId, Tags, Timestamp, TokenCount } from './common.ts';

export const BLOCK_TYPES = ['conversation', 'file', 'diff', 'event', 'note', 'summary', 'tool_result'] as const;
export type BlockType = (typeof BLOCK_TYPES)[number];

export const BlockTypeSchema = Type.Union(
  BLOCK_TYPES.map((t) => Type.Literal(t)),
  { ...published('block-type', 'BlockType'), description: 'Kind of a context block.' },
);

/** Content schema per block type (spec §13). */
export const BLOCK_CONTENT = {
  conversation: Type.Array(
    Type.Object(
      {
        role: Type.Union([Type.Literal('user'), Type.Literal('assistant'), Type.Literal('system')], {
          title: 'ConversationRole',
        }),
        content: Type.String(),
      },
      { title: 'ConversationTurn', description: 'One turn of a conversation.' },
    ),
    { minItems: 1, description: 'Turns of a conversation, oldest first.' },
  ),
  file: Type.Object(
    { path: Type.String({ minLength: 1 }), content: Type.String(), language: Type.Optional(Type.String()) },
    { title: 'FileContent', description: 'A file snapshot.' },
  ),
  diff: Type.Object(
    { path: Type.String({ minLength: 1 }), diff: Type.String({ description: 'Unified diff.' }) },
    { title: 'DiffContent', description: 'A change to a file.' },
  ),
  event: Type.Object(
    {
      name: Type.String({ minLength: 1 }),
      description: Type.Optional(Type.String()),
      data: Type.Optional(Type.Object({})),
    },
    { title: 'EventContent', description: 'Something that happened (a deploy, a failing build, …).' },
  ),
  note: Type.String({ minLength: 1, description: 'Free text.' }),
  summary: Type.Object(
    {
      text: Type.String({ minLength: 1 }),
      covers: Type.Optional(Type.Array(BlockId, { description: 'Blocks this summary condenses.' })),
    },
    { title: 'SummaryContent', description: 'A condensed account of earlier blocks.' },
  ),
  tool_result: Type.Object(
    { tool: Type.String({ minLength: 1 }), input: Type.Object({}), output: Type.Unknown() },
    { title: 'ToolResultContent', description: 'A recorded tool call and its result.' },
  ),
} as const satisfies Record<BlockType, TSchema>;

export const Importance = Type.Number({
  ...published('importance', 'Importance'),
  minimum: 0,
  maximum: 1,
  description: 'Importance score from 0 to 1.',
});

/** `conversation` → `CreateConversationBlock`: the name generators give the variant. */
function variantTitle(type: BlockType): string {
  const pascal = type.replace(/(^|_)([a-z])/g, (_m, _s, c: string) => c.toUpperCase());
  return `Create${pascal}Block`;
}

function createVariant<T extends BlockType>(type: T) {
  return Type.Object(
    {
      sessionId: SessionId,
      type: Type.Literal(type),
      content: BLOCK_CONTENT[type],
      tags: Type.Optional(Tags),
      pinned: Type.Optional(
        Type.Boolean({
          default: false,
          description: 'Pinned blocks are never compacted and are included whenever `includePinned` holds.',
        }),
      ),
      importance: Type.Optional(Importance),
    },
    { title: variantTitle(type) },
  );
}

export const CreateBlockRequest = Type.Union(
  [
    createVariant('conversation'),
    createVariant('file'),
    createVariant('diff'),
    createVariant('event'),
    createVariant('note'),
    createVariant('summary'),
    createVariant('tool_result'),
  ],
  {
    ...published('create-block-request', 'CreateBlockRequest'),
    description: 'Body of `POST /v1/aip/blocks`; `content` is shaped by `type`.',
  },
);
export type CreateBlockRequest = Static<typeof CreateBlockRequest>;

export const BlockMetadata = Type.Object(
  {
    tokenCount: TokenCount,
    tags: Tags,
    pinned: Type.Boolean(),
    importance: Importance,
    compactionLevel: Type.Integer({
      minimum: 0,
      description: '0 for an original block; n for a block produced by n rounds of compaction.',
    }),
    path: Type.Optional(Type.String({ description: 'For `file` and `diff` blocks, the path they concern.' })),
  },
  { ...published('block-metadata', 'BlockMetadata'), description: 'Hub-computed facts about a block.' },
);
export type BlockMetadata = Static<typeof BlockMetadata>;

export const Block = Type.Object(
  {
    id: BlockId,
    sessionId: SessionId,
    type: BlockTypeSchema,
    // Any JSON value, so no keyword at all: json-schema-to-typescript 16 reads a schema that has only a
    // `description` as an object, so the member's description lives in the parent's.
    content: Type.Unknown(),
    metadata: BlockMetadata,
    createdAt: Timestamp,
  },
  {
    ...published('block', 'Block'),
    description: 'A context block. `content` is as created; its shape follows `type`.',
  },
);
export type Block = Static<typeof Block>;

export const BlockSummary = Type.Object(
  { id: BlockId, type: BlockTypeSchema, metadata: BlockMetadata, createdAt: Timestamp },
  { ...published('block-summary', 'BlockSummary'), description: 'A block as listed: everything but its content.' },
);
export type BlockSummary = Static<typeof BlockSummary>;

export const BlockResponse = DataEnvelope(Block, published('block-response', 'BlockResponse'), 'A single block.');
export type BlockResponse = Static<typeof BlockResponse>;

export const BlockListResponse = ListEnvelope(
  BlockSummary,
  published('block-list-response', 'BlockListResponse'),
  'A page of blocks, oldest first.',
);
export type BlockListResponse = Static<typeof BlockListResponse>;
