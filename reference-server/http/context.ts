import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AgentCatalog } from '../agents/catalog.ts';
import type { RunRegistry } from '../invoke/run-control.ts';
import type { Store } from '../storage/store.ts';

/** Server-wide state every handler may use. */
export interface App {
  store: Store;
  agents: AgentCatalog;
  platformName: string;
  heartbeatMs: number;
  /** How long a stream may sit with unsent bytes before the reader is given up on. */
  stallTimeoutMs: number;
  /** Every running invocation, so shutdown can end them. */
  running: RunRegistry;
  log: (message: string) => void;
}

export interface RequestContext {
  app: App;
  req: IncomingMessage;
  res: ServerResponse;
  requestId: string;
  params: Record<string, string>;
  query: URLSearchParams;
  /** Owner id of the authenticated key; "" on endpoints without authentication. */
  owner: string;
  /** Parsed JSON body on endpoints that take one. */
  body: unknown;
}
