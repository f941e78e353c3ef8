/** The real reference server the proxy sits in front of: in-process, port 0, in-memory SQLite. */
import { createServer } from '../../reference-server/index.ts';

export interface Upstream {
  url: string;
  /** The first key. */
  apiKey: string;
  /** Every accepted key: runs that share the server use one each, so they never see each other's sessions. */
  apiKeys: readonly string[];
  close(): Promise<void>;
}

/** Test-only keys; never real credentials. */
export function testKeys(count: number): string[] {
  return Array.from({ length: count }, (_, i) => `rt_test_zoo_${String(i).padStart(3, '0')}`);
}

export async function startUpstream(keys = 1): Promise<Upstream> {
  const apiKeys = testKeys(keys);
  const server = createServer({ apiKeys, db: ':memory:', log: () => undefined });
  const { url } = await server.listen(0, '127.0.0.1');
  return { url, apiKey: apiKeys[0]!, apiKeys, close: () => server.close() };
}
