import type { Agent } from './agents/types.ts';
import type { Store } from './storage/store.ts';

export interface ServerOptions {
  /** Keys accepted in `X-API-Key`; at least one. Only their SHA-256 digests are kept. */
  apiKeys: string[];
  /** SQLite file, or ':memory:' (the default). Ignored when `store` is given. */
  db?: string;
  /** A store to use instead of opening SQLite; the caller keeps ownership and closes it. */
  store?: Store;
  /** Agents to deploy (default: the reference agents echo, code-assistant, failing, slow). */
  agents?: Agent[];
  /** Largest accepted request body (default 1 MiB). */
  bodyLimitBytes?: number;
  /** Idle time after which a stream gets a `: keep-alive` comment (default 15000). */
  heartbeatMs?: number;
  /** Time a client has to send the request headers (default 10000). */
  headersTimeoutMs?: number;
  /** Time a client has to send the whole request (default 30000). */
  requestTimeoutMs?: number;
  /** Time an idle keep-alive connection stays open (default 5000). */
  keepAliveTimeoutMs?: number;
  /** Time a stream may stay blocked on a reader that does not read before it is dropped (default 60000). */
  stallTimeoutMs?: number;
  /** Time `close()` waits for open requests to finish before dropping them (default 5000). */
  shutdownGraceMs?: number;
  /** `platform.name` in the manifest (default "AIP reference hub"). */
  platformName?: string;
  /** Where unexpected failures are reported (default: stderr). Never receives keys or bodies. */
  log?: (message: string) => void;
}

export type ResolvedOptions = Required<Omit<ServerOptions, 'store' | 'agents'>> &
  Pick<ServerOptions, 'store' | 'agents'>;

const positive = (name: string, value: number | undefined, fallback: number): number => {
  const v = value ?? fallback;
  if (!Number.isInteger(v) || v <= 0) throw new TypeError(`${name} must be a positive integer`);
  return v;
};

/** Fills defaults and rejects unusable options at startup (the message never contains a key). */
export function resolveOptions(options: ServerOptions): ResolvedOptions {
  const keys: unknown = options?.apiKeys;
  if (!Array.isArray(keys) || keys.length === 0 || !keys.every((k) => typeof k === 'string' && k.length > 0)) {
    throw new TypeError('apiKeys must be a non-empty array of non-empty strings');
  }
  const headersTimeoutMs = positive('headersTimeoutMs', options.headersTimeoutMs, 10_000);
  const requestTimeoutMs = positive('requestTimeoutMs', options.requestTimeoutMs, 30_000);
  return {
    apiKeys: [...(keys as string[])],
    db: options.db ?? ':memory:',
    store: options.store,
    agents: options.agents,
    bodyLimitBytes: positive('bodyLimitBytes', options.bodyLimitBytes, 1024 * 1024),
    heartbeatMs: positive('heartbeatMs', options.heartbeatMs, 15_000),
    headersTimeoutMs: Math.min(headersTimeoutMs, requestTimeoutMs),
    requestTimeoutMs,
    keepAliveTimeoutMs: positive('keepAliveTimeoutMs', options.keepAliveTimeoutMs, 5_000),
    stallTimeoutMs: positive('stallTimeoutMs', options.stallTimeoutMs, 60_000),
    shutdownGraceMs: positive('shutdownGraceMs', options.shutdownGraceMs, 5_000),
    platformName: options.platformName ?? 'AIP reference hub',
    log: options.log ?? ((message) => process.stderr.write(`[aip-server] ${message}\n`)),
  };
}
