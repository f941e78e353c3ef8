/**
 * The storage interface of the reference hub. Routes and the invocation pipeline talk only to
 * this interface, so SQLite (the default) can be swapped for another database.
 *
 * Every method is scoped by `owner`: an opaque string derived from the caller's API key (never
 * the key itself). A session or block is visible only to the owner that created it; a lookup by
 * another owner behaves exactly as if the record did not exist.
 */
import type { BlockType, ContextSelection, Usage } from '../../src/index.ts';

export interface StoredSession {
  id: string;
  name: string;
  defaultAgent?: string;
  tags: string[];
  forkedFrom?: string;
  compactionCount: number;
  invocationCount: number;
  /** Sum of `tokenCount` over the session's blocks. */
  totalTokens: number;
  blockCount: number;
  /** Ids of every block, oldest first. */
  blockIds: string[];
  /** Ids of pinned blocks, oldest first. */
  pinnedBlockIds: string[];
  createdAt: string;
  updatedAt: string;
}

export interface StoredBlock {
  id: string;
  sessionId: string;
  type: BlockType;
  content: unknown;
  tags: string[];
  pinned: boolean;
  importance: number;
  tokenCount: number;
  compactionLevel: number;
  createdAt: string;
}

/** A block to write; the store assigns `id`, `sessionId`, `tokenCount` and `createdAt`. */
export interface NewBlock {
  type: BlockType;
  content: unknown;
  tags?: string[];
  pinned?: boolean;
  importance?: number;
}

export interface NewSession {
  name: string;
  defaultAgent?: string;
  tags?: string[];
}

/** Which blocks a fork copies (spec §12.5), and what the new session is called and tagged. */
export interface ForkSelection {
  name?: string;
  /** Tags of the fork; the source's when absent (the fork endpoint), the request's when forking through create. */
  tags?: string[];
  /** Default agent of the fork; the source's when undefined, none when null. */
  defaultAgent?: string | null;
  includeByTag?: string[];
  excludeByTag?: string[];
  includePinned?: boolean;
}

export interface Page<T> {
  items: T[];
  /** Present when another page follows. */
  nextCursor?: string;
}

export interface SessionListQuery {
  limit: number;
  cursor?: string;
  tag?: string;
}

export interface BlockListQuery {
  limit: number;
  cursor?: string;
  type?: BlockType;
  tag?: string;
  pinned?: boolean;
}

export interface InvocationRecord {
  id: string;
  agent: string;
  sessionId: string | null;
  status: 'completed' | 'failed' | 'cancelled';
  output: string;
  usage: Usage;
  blocksCreated: string[];
  errorCode?: string;
  createdAt: string;
}

/** Thrown by the store when a cursor it did not issue is passed back (routes map it to 400). */
export class InvalidCursorError extends Error {
  override readonly name = 'InvalidCursorError';
}

export interface Store {
  createSession(owner: string, input: NewSession): Promise<StoredSession>;
  /** Copies the selected blocks into a new session; undefined when the source is not visible. */
  forkSession(owner: string, sourceId: string, selection: ForkSelection): Promise<StoredSession | undefined>;
  getSession(owner: string, id: string): Promise<StoredSession | undefined>;
  /** Most recently updated first. */
  listSessions(owner: string, query: SessionListQuery): Promise<Page<StoredSession>>;

  /** Appends blocks atomically, in order; undefined when the session is not visible. */
  addBlocks(owner: string, sessionId: string, blocks: NewBlock[]): Promise<StoredBlock[] | undefined>;
  /** Every block of a session, oldest first; undefined when the session is not visible. */
  getSessionBlocks(owner: string, sessionId: string): Promise<StoredBlock[] | undefined>;
  /** Blocks by id from any of the owner's sessions, in the order asked; ids not visible are absent. */
  getBlocksByIds(owner: string, ids: string[]): Promise<StoredBlock[]>;
  /** Oldest first; undefined when the session is not visible. */
  listBlocks(owner: string, sessionId: string, query: BlockListQuery): Promise<Page<StoredBlock> | undefined>;
  /** Blocks carrying `tag` in any of the owner's sessions except `excludeSessionId`, newest first. */
  findBlocksByTag(owner: string, tag: string, excludeSessionId: string | null): Promise<StoredBlock[]>;

  /**
   * Records a finished invocation. When `blocks` is non-empty they are appended to the session in
   * the same transaction, and the record's `blocksCreated` is their ids. Bumps the session's
   * `invocationCount` when `sessionId` is set. Returns the stored record.
   */
  recordInvocation(
    owner: string,
    record: Omit<InvocationRecord, 'blocksCreated'>,
    blocks: NewBlock[],
  ): Promise<InvocationRecord>;
  getInvocation(owner: string, id: string): Promise<InvocationRecord | undefined>;

  close(): Promise<void>;
}

/** Inputs of context assembly (spec §9), already in hub (camelCase) form. */
export interface AssemblyRequest {
  selection: ContextSelection;
  enrichment: 'none' | 'manual' | 'auto';
  enrichmentConfig: {
    includePreferences?: boolean;
    recencyBias?: number;
    maxTokens?: number;
    blockIds?: string[];
  };
  /** The agent's `context_requirements.max_tokens`: the budget when `selection.maxTokens` is absent, and the ceiling of any budget. */
  defaultMaxTokens: number;
}

export interface AssembledContext {
  /** Blocks given to the agent, oldest first. */
  blocks: StoredBlock[];
  tokenCount: number;
  droppedBlockIds: string[];
}
