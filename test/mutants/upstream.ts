/** The real reference server the proxy sits in front of: in-process, port 0, in-memory SQLite. */
import { createServer } from '../../reference-server/index.ts';

/** Test-only key; never a real credential. */
export const UPSTREAM_KEY = 'rt_test_mutant_zoo_key';

export interface Upstream {
  url: string;
  apiKey: string;
  close(): Promise<void>;
}

export async function startUpstream(): Promise<Upstream> {
  const server = createServer({ apiKeys: [UPSTREAM_KEY], db: ':memory:', log: () => undefined });
  const { url } = await server.listen(0, '127.0.0.1');
  return { url, apiKey: UPSTREAM_KEY, close: () => server.close() };
}
