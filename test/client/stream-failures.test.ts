import { readFileSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AipError, AipStreamError, createClient, type AipEvent } from '../../src/client/index.ts';
import { EVENTS, encode, FRAMINGS } from './helpers/framings.ts';
import {
  sendJson,
  startSse,
  startTestServer,
  writeChunks,
  type RecordedRequest,
  type TestServer,
} from './helpers/test-server.ts';

interface BrokenStream {
  name: string;
  text: string;
  ending: 'end' | 'destroy';
  code: string;
  eventsBefore: number;
  event?: string;
  pointer?: string;
}

const BROKEN = JSON.parse(
  readFileSync(new URL('./fixtures/broken-streams.json', import.meta.url), 'utf8'),
) as BrokenStream[];
const START = `event: start\ndata: ${JSON.stringify(EVENTS[0]!.data)}\n\n`;
const API_KEY = 'rt_failure_secret_key';

/** Scripted answers, picked by the X-Test-Case header. */
const CASES: Record<string, (req: RecordedRequest, res: ServerResponse) => Promise<void> | void> = {
  broken: async (req, res) => {
    const broken = BROKEN.find((b) => b.name === req.headers['x-test-broken'])!;
    startSse(res);
    await writeChunks(res, [broken.text], broken.ending === 'end');
    if (broken.ending === 'destroy') res.destroy();
  },
  'start-then-hold': async (_req, res) => {
    startSse(res);
    await writeChunks(res, [START], false);
  },
  'junk-after-terminal': async (_req, res) => {
    startSse(res);
    await writeChunks(res, [`${encode(EVENTS, FRAMINGS[0]!)}event: text_delta\ndata: {"content":7}\n\n`], false);
  },
  'json-instead-of-stream': (_req, res) => sendJson(res, 200, { data: {} }),
  'overlong-line': async (_req, res) => {
    startSse(res);
    await writeChunks(res, [START, `event: text_delta\ndata: {"content":"${'x'.repeat(1.2 * 1024 * 1024)}"}\n\n`]);
  },
  'never-answers': () => undefined,
};

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer((req, res) => CASES[String(req.headers['x-test-case'])]!(req, res));
});
afterAll(() => server.close());

function client(testCase: string, extra: Record<string, string> = {}, timeoutMs?: number) {
  return createClient({
    baseUrl: server.url,
    apiKey: API_KEY,
    timeoutMs,
    headers: { 'X-Test-Case': testCase, ...extra },
  });
}

/** Reads a stream to its failure; returns the events yielded before it and the error. */
async function failure(stream: AsyncIterable<AipEvent>): Promise<{ events: AipEvent[]; error: AipError }> {
  const events: AipEvent[] = [];
  try {
    for await (const event of stream) events.push(event);
  } catch (error) {
    expect(error).toBeInstanceOf(AipError);
    return { events, error: error as AipError };
  }
  throw new Error(`the stream ended normally after ${events.length} events`);
}

function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  return Promise.race([
    promise,
    new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`${what} did not happen within ${ms} ms`)), ms)),
  ]);
}

describe('client.stream rejects broken streams', () => {
  it.each(BROKEN.map((b) => [b.name, b]))('%s', async (_name, broken) => {
    const { events, error } = await failure(
      client('broken', { 'X-Test-Broken': broken.name }).stream({ agent: 'echo', prompt: 'hi' }),
    );
    expect(error).toBeInstanceOf(AipStreamError);
    expect(error.code).toBe(broken.code);
    expect(events).toHaveLength(broken.eventsBefore);
    if (broken.event) {
      expect((error as AipStreamError).event).toBe(broken.event);
      const at = broken.text.lastIndexOf(`event: ${broken.event}`);
      expect((error as AipStreamError).offset).toBe(Buffer.byteLength(broken.text.slice(0, at)));
    }
    if (broken.pointer) expect(error.violations?.map((v) => v.pointer)).toContain(broken.pointer);
    expect(error.requestId).toBe('req_test');
  });

  it('stops at the terminal event and never reads what follows it', async () => {
    const events: AipEvent[] = [];
    for await (const event of client('junk-after-terminal').stream({ agent: 'echo', prompt: 'hi' })) events.push(event);
    expect(events).toEqual(EVENTS);
    await within(server.requests.at(-1)!.clientGone, 5000, 'closing the connection after the terminal event');
  });

  it('rejects a 200 answer that is not an event stream', async () => {
    const { error } = await failure(client('json-instead-of-stream').stream({ agent: 'echo', prompt: 'hi' }));
    expect(error.code).toBe('unexpected_content_type');
    expect(error.status).toBe(200);
  });

  it('stops with stream_malformed when a line exceeds the parser limit', async () => {
    const { events, error } = await failure(client('overlong-line').stream({ agent: 'echo', prompt: 'hi' }));
    expect(error.code).toBe('stream_malformed');
    expect(events.map((e) => e.event)).toEqual(['start']);
  });
});

describe('client.stream cancellation', () => {
  it('aborting the signal mid-stream closes the connection and throws aborted', async () => {
    const controller = new AbortController();
    const reason = new Error('user pressed stop');
    const seen: string[] = [];
    const { error } = await failure(
      (async function* () {
        for await (const event of client('start-then-hold').stream(
          { agent: 'slow', prompt: 'hi' },
          { signal: controller.signal },
        )) {
          seen.push(event.event);
          controller.abort(reason);
          yield event;
        }
      })(),
    );
    expect(seen).toEqual(['start']);
    expect(error.code).toBe('aborted');
    expect(error.cause).toBe(reason);
    await within(server.requests.at(-1)!.clientGone, 5000, 'the server seeing the connection close');
  });

  it('an already aborted signal sends nothing', async () => {
    const before = server.requests.length;
    const { error } = await failure(
      client('start-then-hold').stream({ agent: 'slow', prompt: 'hi' }, { signal: AbortSignal.abort() }),
    );
    expect(error.code).toBe('aborted');
    expect(server.requests.length).toBe(before);
  });

  it('breaking out of the loop closes the connection', async () => {
    for await (const event of client('start-then-hold').stream({ agent: 'slow', prompt: 'hi' })) {
      expect(event.event).toBe('start');
      break;
    }
    await within(server.requests.at(-1)!.clientGone, 5000, 'the server seeing the connection close');
  });

  it('a silent stream times out between chunks and closes the connection', async () => {
    const started = Date.now();
    const { events, error } = await failure(client('start-then-hold', {}, 300).stream({ agent: 'slow', prompt: 'hi' }));
    expect(events.map((e) => e.event)).toEqual(['start']);
    expect(error.code).toBe('timeout');
    expect(error.retryable).toBe(true);
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    await within(server.requests.at(-1)!.clientGone, 5000, 'the server seeing the connection close');
  });

  it('a server that never answers times out', async () => {
    const { error } = await failure(client('never-answers', {}, 200).stream({ agent: 'slow', prompt: 'hi' }));
    expect(error.code).toBe('timeout');
    expect(error.message).toContain('200 ms');
  });
});
