import { Type, type Static } from '@sinclair/typebox';
import {
  BlockId,
  DataEnvelope,
  ListEnvelope,
  published,
  SessionId,
  Slug,
  Tags,
  Timestamp,
  TokenCount,
} from './common.ts';

export const SessionMetrics = Type.Object(
  {
    totalTokens: TokenCount,
    maxTokens: Type.Integer({ minimum: 1, description: 'Capacity of the session in tokens.' }),
    tokensRemainingPct: Type.Number({
      minimum: 0,
      maximum: 100,
      description: '(maxTokens - totalTokens) / maxTokens * 100, floored at 0.',
    }),
    compactionCount: Type.Integer({ minimum: 0 }),
    blockCount: Type.Integer({ minimum: 0 }),
    invocationCount: Type.Integer({ minimum: 0 }),
  },
  { ...published('session-metrics', 'SessionMetrics'), description: 'Counters of a session.' },
);
export type SessionMetrics = Static<typeof SessionMetrics>;

export const Session = Type.Object(
  {
    id: SessionId,
    name: Type.String({ minLength: 1 }),
    defaultAgent: Type.Optional(Slug),
    tags: Tags,
    metrics: SessionMetrics,
    blocks: Type.Array(BlockId, { description: 'Every block of the session, oldest first.' }),
    pinnedBlocks: Type.Array(BlockId, { description: 'The pinned subset of `blocks`, in the same order.' }),
    forkedFrom: Type.Optional(SessionId),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  },
  { ...published('session', 'Session'), description: 'A session: a named container of context blocks.' },
);
export type Session = Static<typeof Session>;

export const SessionSummary = Type.Object(
  {
    id: SessionId,
    name: Type.String({ minLength: 1 }),
    tags: Tags,
    metrics: Type.Object(
      { totalTokens: TokenCount, blockCount: Type.Integer({ minimum: 0 }) },
      { title: 'SessionSummaryMetrics', description: 'The counters a list shows.' },
    ),
    updatedAt: Timestamp,
  },
  { ...published('session-summary', 'SessionSummary'), description: 'A session as listed.' },
);
export type SessionSummary = Static<typeof SessionSummary>;

const ForkSelection = {
  includeByTag: Type.Optional(Tags),
  excludeByTag: Type.Optional(Tags),
  includePinned: Type.Optional(Type.Boolean({ default: true, description: 'Copy pinned blocks regardless of tags.' })),
};

export const CreateSessionRequest = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 256 }),
    defaultAgent: Type.Optional(Slug),
    tags: Type.Optional(Tags),
    fromSession: Type.Optional(SessionId),
    ...ForkSelection,
  },
  {
    ...published('create-session-request', 'CreateSessionRequest'),
    description: 'Body of `POST /v1/aip/sessions`. With `fromSession`, the new session is a fork.',
  },
);
export type CreateSessionRequest = Static<typeof CreateSessionRequest>;

export const ForkSessionRequest = Type.Object(
  { name: Type.Optional(Type.String({ minLength: 1, maxLength: 256 })), ...ForkSelection },
  {
    ...published('fork-session-request', 'ForkSessionRequest'),
    description: 'Body of `POST /v1/aip/sessions/{sessionId}/fork`.',
  },
);
export type ForkSessionRequest = Static<typeof ForkSessionRequest>;

export const SessionResponse = DataEnvelope(
  Session,
  published('session-response', 'SessionResponse'),
  'A single session.',
);
export type SessionResponse = Static<typeof SessionResponse>;

export const SessionListResponse = ListEnvelope(
  SessionSummary,
  published('session-list-response', 'SessionListResponse'),
  'A page of sessions, most recently updated first.',
);
export type SessionListResponse = Static<typeof SessionListResponse>;
