/**
 * Without --url the kit tests its own reference server, started through the package's public
 * entry point (the dependency rule keeps conformance/ from importing reference-server/ any other way).
 */
import { randomBytes } from 'node:crypto';

export interface EmbeddedTarget {
  url: string;
  apiKey: string;
  secondApiKey: string;
  stop(): Promise<void>;
}

interface ServerModule {
  createServer(options: { apiKeys: string[]; db?: string }): {
    listen(port?: number, host?: string): Promise<{ url: string }>;
    close(): Promise<void>;
  };
}

const generateKey = () => `aipk_${randomBytes(18).toString('base64url')}`;

/** Two principals, so cross-principal visibility is tested against the reference too. */
export async function startEmbedded(apiKey?: string, secondApiKey?: string): Promise<EmbeddedTarget> {
  const mod = (await import('aip-kit/server')) as unknown as ServerModule;
  const key = apiKey ?? generateKey();
  const second = secondApiKey ?? generateKey();
  const server = mod.createServer({ apiKeys: [key, second], db: ':memory:' });
  const { url } = await server.listen(0, '127.0.0.1');
  return { url, apiKey: key, secondApiKey: second, stop: () => server.close() };
}
