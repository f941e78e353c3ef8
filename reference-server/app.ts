import type { AgentCatalog } from './agents/catalog.ts';
import type { RunControl } from './invoke/run-control.ts';
import type { Store } from './storage/store.ts';

/** Server-wide state every handler may use. */
export interface App {
  store: Store;
  agents: AgentCatalog;
  platformName: string;
  heartbeatMs: number;
  /** How long a stream may sit with unsent bytes before the reader is given up on. */
  stallTimeoutMs: number;
  /** Every running invocation, so shutdown can end them. */
  running: Set<RunControl>;
  log: (message: string) => void;
}
