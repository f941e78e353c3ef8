import { createServer as createHttpServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { createCatalog } from './agents/catalog.ts';
import { REFERENCE_AGENTS } from './agents/index.ts';
import { createKeyring } from './http/auth.ts';
import { onClientError } from './http/client-error.ts';
import type { App } from './app.ts';
import { createDispatcher } from './http/dispatch.ts';
import { createRouter } from './http/router.ts';
import { ROUTES } from './routes/index.ts';
import { resolveOptions, type ServerOptions } from './server-options.ts';
import { openSqliteStore } from './storage/sqlite-store.ts';

export type { ServerOptions } from './server-options.ts';
export type { Agent, AgentDefinition, AgentManifestInput, AgentRunInput, AgentStep } from './agents/types.ts';
export {
  REFERENCE_AGENTS,
  createSlowAgent,
  codeAssistantAgent,
  conformanceAgent,
  scriptedAgent,
  AgentFailure,
  AGENT_FAILURE_CODES,
  type AgentFailureCode,
  echoAgent,
  failingAgent,
  slowAgent,
  type SlowAgentOptions,
} from './agents/index.ts';
export type { Store } from './storage/store.ts';
export { ownerForKey } from './http/auth.ts';

export interface AipServer {
  /** Binds (default 127.0.0.1, port 0 = any free port) and resolves with the base URL. */
  listen(port?: number, host?: string): Promise<{ url: string }>;
  /**
   * Graceful stop: answers new requests 503 while the open ones drain, ends open streams with an `error` event (code
   * `cancelled`, retryable), lets answers flush, closes the sockets, then the store it opened.
   */
  close(): Promise<void>;
  /** The request listener, for use without listening (e.g. supertest). */
  handler: RequestListener;
  server: Server;
}

/** How often Node checks the header and request timeouts; its default (30 s) is too coarse. */
const TIMEOUT_CHECK_MS = 250;

export function createServer(options: ServerOptions): AipServer {
  const opts = resolveOptions(options);
  const agents = createCatalog(opts.agents ?? REFERENCE_AGENTS);
  const ownsStore = opts.store === undefined;
  const store = opts.store ?? openSqliteStore(opts.db);
  const app: App = {
    store,
    agents,
    platformName: opts.platformName,
    heartbeatMs: opts.heartbeatMs,
    stallTimeoutMs: opts.stallTimeoutMs,
    running: new Set(),
    log: opts.log,
  };

  let closing: Promise<void> | undefined;
  // A count, not a set of promises: shutdown only needs to know when the last request is done.
  let inFlight = 0;
  let whenIdle: (() => void) | undefined;
  const settled = () => {
    if (--inFlight === 0) whenIdle?.();
  };
  // The dispatcher answers every failure itself; one that escapes it stays an unhandled rejection.
  const failed = (error: unknown) => {
    settled();
    throw error;
  };
  const idle = () => (inFlight === 0 ? Promise.resolve() : new Promise<void>((resolve) => (whenIdle = resolve)));
  const dispatch = createDispatcher({
    app,
    route: createRouter(ROUTES),
    keyring: createKeyring(opts.apiKeys),
    bodyLimitBytes: opts.bodyLimitBytes,
    closing: () => closing !== undefined,
    retryAfterSeconds: Math.ceil(opts.shutdownGraceMs / 1000),
  });
  const handler: RequestListener = (req, res) => {
    inFlight++;
    void dispatch(req, res).then(settled, failed);
  };

  const server = createHttpServer(
    {
      headersTimeout: opts.headersTimeoutMs,
      requestTimeout: opts.requestTimeoutMs,
      keepAliveTimeout: opts.keepAliveTimeoutMs,
      connectionsCheckingInterval: Math.min(TIMEOUT_CHECK_MS, opts.headersTimeoutMs),
    },
    handler,
  );
  server.on('clientError', onClientError);
  const sockets = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });

  /**
   * While the open requests drain, the listener stays open, so a new request is answered (503
   * `unavailable` with Retry-After, see the dispatcher) rather than refused by the kernel; it is
   * closed once they are done or the grace period is over.
   */
  async function shutdown(): Promise<void> {
    for (const run of [...app.running]) run.abort('shutdown');
    await settleWithin(idle(), opts.shutdownGraceMs);
    const stopped = server.listening
      ? new Promise<void>((resolve) => server.close(() => resolve()))
      : Promise.resolve();
    // Ending (not destroying) lets the last bytes of each answer reach the client first.
    for (const socket of sockets) socket.end();
    const forced = setTimeout(() => {
      for (const socket of sockets) socket.destroy();
    }, opts.shutdownGraceMs);
    await stopped;
    clearTimeout(forced);
    if (ownsStore) await store.close();
  }

  return {
    handler,
    server,
    listen(port = 0, host = '127.0.0.1') {
      return new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          server.off('error', reject);
          const address = server.address() as AddressInfo;
          const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
          resolve({ url: `http://${shownHost}:${address.port}` });
        });
      });
    },
    close() {
      closing ??= shutdown();
      return closing;
    },
  };
}

function settleWithin(work: Promise<void>, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    void work.then(() => {
      clearTimeout(timer);
      resolve();
    });
  });
}
