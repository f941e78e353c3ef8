/** In-process servers on port 0 for the kit's own tests: hostile behaviours and a tiny fake AIP target. */
import { createServer, type IncomingMessage, type RequestListener, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { manifestHash } from '../../src/index.ts';

export interface Running {
  url: string;
  close(): Promise<void>;
}

export async function serve(handler: RequestListener): Promise<Running> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Writes `chunk` for as long as the client reads (a body that never ends). */
export function flood(res: ServerResponse, chunk: Buffer): void {
  const pump = () => {
    while (!res.destroyed && res.write(chunk));
    if (!res.destroyed) res.once('drain', pump);
  };
  pump();
}

export const SSE = { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' };

export const event = (name: string, data: object) => `event: ${name}\ndata: ${JSON.stringify(data)}\n\n`;

function agent(id: string) {
  const a: Record<string, unknown> = {
    id,
    name: id,
    version: '1.0.0',
    capabilities: { streaming: true },
    context_requirements: { max_tokens: 1000, supported_block_types: ['note'] },
    tools: [],
    models: [],
    invoke: '/.well-known/aip/invoke',
    stream: true,
  };
  a.manifest_hash = manifestHash(a);
  return a;
}

/** A core-only platform manifest, optionally spoiled by `mutate`. */
export function manifest(mutate: (m: Record<string, unknown>) => void = () => {}): Record<string, unknown> {
  const m: Record<string, unknown> = {
    aip_version: '0.1.0',
    platform: { name: 'fake' },
    profiles: ['core'],
    agents: [agent('fake-agent')],
  };
  mutate(m);
  return m;
}

/** A fake target: the manifest from `manifestDoc`, everything else handled by `rest`. */
export function fakeTarget(
  manifestDoc: Record<string, unknown>,
  rest: (req: IncomingMessage, res: ServerResponse) => void,
): RequestListener {
  return (req, res) => {
    if (req.method === 'GET' && req.url?.startsWith('/.well-known/aip/agent')) {
      res.writeHead(200, { 'content-type': 'application/json', 'x-request-id': 'req_1' });
      res.end(JSON.stringify(manifestDoc));
      return;
    }
    rest(req, res);
  };
}
