import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collect, createClient, type AipEvent } from '../../src/client/index.ts';
import { chunk, encode, EVENTS, FRAMINGS } from './helpers/framings.ts';
import { startSse, startTestServer, writeChunks, type TestServer } from './helpers/test-server.ts';

const API_KEY = 'rt_framing_secret_key';
let server: TestServer;

beforeAll(async () => {
  server = await startTestServer(async (req, res) => {
    const framing = FRAMINGS.find((f) => f.name === req.headers['x-test-framing']);
    if (!framing) throw new Error('unknown framing');
    startSse(res);
    await writeChunks(res, chunk(encode(EVENTS, framing), framing));
  });
});
afterAll(() => server.close());

async function streamWith(framing: string): Promise<AipEvent[]> {
  const client = createClient({ baseUrl: server.url, apiKey: API_KEY, headers: { 'X-Test-Framing': framing } });
  const events: AipEvent[] = [];
  for await (const event of client.stream({ agent: 'code-assistant', prompt: 'go', session: 'sess_fixture01' }))
    events.push(event);
  return events;
}

describe('client.stream decodes every conformant framing to the same typed events', () => {
  it.each(FRAMINGS.map((f) => [f.name]))('%s', async (name) => {
    expect(await streamWith(name)).toEqual(EVENTS);
  });

  it('sends a streaming hub request with the key and the SSE media type', async () => {
    await streamWith(FRAMINGS[0]!.name);
    const req = server.requests.at(-1)!;
    expect(req.method).toBe('POST');
    expect(req.url).toBe('/v1/aip/invoke');
    expect(req.headers.accept).toBe('text/event-stream');
    expect(req.headers['x-api-key']).toBe(API_KEY);
    expect(req.headers['content-type']).toBe('application/json');
    expect(req.body).toEqual({ agent: 'code-assistant', prompt: 'go', session: 'sess_fixture01', stream: true });
  });

  it('collect() folds a stream into output, events and terminal', async () => {
    const client = createClient({
      baseUrl: server.url,
      apiKey: API_KEY,
      headers: { 'X-Test-Framing': FRAMINGS[0]!.name },
    });
    const folded = await collect(client.stream({ agent: 'code-assistant', prompt: 'go', stream: false }));
    expect(folded.events).toEqual(EVENTS);
    expect(folded.terminal).toEqual(EVENTS.at(-1));
    expect(folded.output).toBe((EVENTS.at(-1)!.data as { output: string }).output);
    expect(server.requests.at(-1)!.body).toMatchObject({ stream: true });
  });
});
