import type { ServerResponse } from 'node:http';
import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createSlowAgent, ownerForKey, type Agent, type AgentStep } from '../../../reference-server/index.ts';
import { openSqliteStore } from '../../../reference-server/storage/sqlite-store.ts';
import type { Store } from '../../../reference-server/storage/store.ts';
import {
  KEY,
  createSession,
  eventually,
  expectLawfulStream,
  json,
  openStream,
  parseStream,
  sleep,
  start,
  type Running,
} from './helpers.ts';

const running: Running[] = [];
const stores: Store[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((r) => r.close()));
  await Promise.all(stores.splice(0).map((s) => s.close()));
});

async function serve(options: Parameters<typeof start>[0]): Promise<Running> {
  const r = await start(options);
  running.push(r);
  return r;
}

/** Wraps an agent so the test can see the signal it was given. */
function observed(agent: Agent): { agent: Agent; signals: AbortSignal[] } {
  const signals: AbortSignal[] = [];
  return {
    signals,
    agent: {
      manifest: agent.manifest,
      run: (input) => {
        signals.push(input.signal);
        return agent.run(input);
      },
    },
  };
}

describe('incremental delivery', () => {
  it('flushes each event when produced, not at the end', async () => {
    const srv = await serve({});
    const stream = openStream(srv.url, { agent: 'slow', prompt: 'pace' });
    await stream.ended;
    const deltas = stream.events.filter((e) => e.event === 'text_delta');
    expect(deltas).toHaveLength(4);
    expect(deltas.at(-1)!.at - deltas[0]!.at).toBeGreaterThanOrEqual(300);
    expectLawfulStream(stream.events, null);
  });
});

/** Records the body chunks each response hands to Node (write and end), before the dispatcher runs. */
function recordWrites(srv: Running): string[][] {
  const responses: string[][] = [];
  srv.server.server.prependListener('request', (_req, res: ServerResponse) => {
    const chunks: string[] = [];
    responses.push(chunks);
    const write = res.write.bind(res) as (...args: unknown[]) => boolean;
    const end = res.end.bind(res) as (...args: unknown[]) => ServerResponse;
    const keep = (chunk: unknown) => {
      if ((typeof chunk === 'string' || Buffer.isBuffer(chunk)) && chunk.length > 0) chunks.push(chunk.toString());
    };
    res.write = ((chunk: unknown, ...rest: unknown[]) => {
      keep(chunk);
      return write(chunk, ...rest);
    }) as typeof res.write;
    res.end = ((chunk: unknown, ...rest: unknown[]) => {
      keep(chunk);
      return end(chunk, ...rest);
    }) as typeof res.end;
  });
  return responses;
}

/** An agent that yields `pieces` text steps without ever waiting in between. */
function burstAgent(pieces: number, size: number): Agent {
  return {
    manifest: { ...createSlowAgent().manifest, id: 'burst' },
    async *run(): AsyncGenerator<AgentStep> {
      for (let i = 0; i < pieces; i++) yield { type: 'text', content: String(i % 10).repeat(size) };
    },
  };
}

describe('write coalescing', () => {
  it('sends the events produced in one tick in a single write', async () => {
    const srv = await serve({ agents: [burstAgent(6, 10)] });
    const writes = recordWrites(srv);
    const stream = openStream(srv.url, { agent: 'burst', prompt: 'go' });
    await stream.ended;
    expectLawfulStream(stream.events, null);
    expect(stream.events).toHaveLength(9);
    expect(writes).toHaveLength(1);
    expect(writes[0]).toHaveLength(1);
    expect(parseStream(writes[0]![0]!).events.map((e) => e.event)).toEqual(stream.events.map((e) => e.event));
  });

  it('sends events produced at different times in separate writes', async () => {
    const srv = await serve({ agents: [createSlowAgent({ pieces: 3, intervalMs: 30 })] });
    const writes = recordWrites(srv);
    const stream = openStream(srv.url, { agent: 'slow', prompt: 'pace' });
    await stream.ended;
    expectLawfulStream(stream.events, null);
    const perWrite = writes[0]!.map((chunk) => parseStream(chunk).events.map((e) => e.event));
    expect(perWrite).toEqual([
      ['start', 'context_assembled'],
      ['text_delta'],
      ['text_delta'],
      ['text_delta', 'complete'],
    ]);
  });

  it('writes a long burst in bounded pieces instead of holding it until the tick ends', async () => {
    const srv = await serve({ agents: [burstAgent(64, 1024)] });
    const writes = recordWrites(srv);
    const stream = openStream(srv.url, { agent: 'burst', prompt: 'go' });
    await stream.ended;
    expectLawfulStream(stream.events, null);
    const chunks = writes[0]!;
    expect(chunks.length).toBeGreaterThanOrEqual(4);
    // Every write but the last (the 64 KiB `complete` repeats the output) stops one event past 16 KiB.
    for (const chunk of chunks.slice(0, -1)) expect(chunk.length).toBeLessThan(16 * 1024 + 1200);
    expect(chunks.at(-1)).toContain('event: complete');
  });
});

describe('heartbeats', () => {
  it('sends keep-alive comments while the stream is idle', async () => {
    const srv = await serve({ heartbeatMs: 25, agents: [createSlowAgent({ pieces: 2, intervalMs: 200 })] });
    const stream = openStream(srv.url, { agent: 'slow', prompt: 'wait' });
    await stream.ended;
    expect(stream.comments.filter((c) => c === 'keep-alive').length).toBeGreaterThanOrEqual(4);
    expectLawfulStream(stream.events, null);
  });

  it('sends none when events flow faster than the interval', async () => {
    const srv = await serve({ heartbeatMs: 10_000 });
    const stream = openStream(srv.url, { agent: 'slow', prompt: 'wait' });
    await stream.ended;
    expect(stream.comments).toEqual([]);
  });
});

describe('client disconnect', () => {
  it('aborts the agent, saves nothing and records the invocation as cancelled', async () => {
    const store = openSqliteStore(':memory:');
    stores.push(store);
    const watch = observed(createSlowAgent({ pieces: 50, intervalMs: 40 }));
    const srv = await serve({ store, agents: [watch.agent] });
    const sid = await createSession(srv.url);

    const stream = openStream(srv.url, { agent: 'slow', prompt: 'leave early', session: sid });
    const start = (await stream.waitFor('start')).data as { invocationId: string };
    await stream.waitFor('text_delta');
    stream.abort();

    await eventually(() => (watch.signals[0]?.aborted ? true : undefined));
    expect(watch.signals[0]!.reason).toBe('client-disconnected');
    const record = await eventually(async () => store.getInvocation(ownerForKey(KEY), start.invocationId));
    expect(record).toMatchObject({ status: 'cancelled', blocksCreated: [], sessionId: sid });
    const session = await json(srv.url, 'GET', `/v1/aip/sessions/${sid}`);
    expect(session.body.data.metrics).toMatchObject({ blockCount: 0, invocationCount: 1 });
    expect(srv.server.server.listening).toBe(true);
  });

  it('stops pulling an agent that ignores its signal', async () => {
    let pulled = 0;
    const stubborn: Agent = {
      manifest: { ...createSlowAgent().manifest, id: 'stubborn' },
      async *run() {
        for (;;) {
          await sleep(30);
          pulled++;
          yield { type: 'text', content: 'more ' };
        }
      },
    };
    const srv = await serve({ agents: [stubborn] });
    const stream = openStream(srv.url, { agent: 'stubborn', prompt: 'x' });
    await stream.waitFor('text_delta');
    stream.abort();
    await sleep(150);
    const after = pulled;
    await sleep(200);
    expect(pulled - after).toBeLessThanOrEqual(1);
  });
});

describe('slow reader', () => {
  it.each(['async', 'plain'] as const)(
    'pauses the agent instead of buffering without bound, and cancels when the reader leaves (%s generator)',
    async (flavour) => {
      const EVENTS = 2000;
      const PIECE = 'z'.repeat(32 * 1024);
      let produced = 0;
      const signals: AbortSignal[] = [];
      function* steps(signal: AbortSignal): Generator<AgentStep> {
        signals.push(signal);
        for (let i = 0; i < EVENTS; i++) {
          produced++;
          yield { type: 'text', content: PIECE };
        }
      }
      const manifest = { ...createSlowAgent().manifest, id: 'flood' };
      const flood: Agent =
        flavour === 'plain'
          ? { manifest, run: ({ signal }) => steps(signal) }
          : {
              manifest,
              async *run({ signal }): AsyncGenerator<AgentStep> {
                yield* steps(signal);
              },
            };
      const store = openSqliteStore(':memory:');
      stores.push(store);
      const srv = await serve({ store, agents: [flood] });
      const serverSockets: Socket[] = [];
      srv.server.server.on('connection', (s: Socket) => serverSockets.push(s));

      const sid = await createSession(srv.url);
      const client = connect(Number(new URL(srv.url).port), '127.0.0.1');
      await new Promise((r) => client.once('connect', r));
      const body = JSON.stringify({ agent: 'flood', prompt: 'go', stream: true, session: sid });
      client.write(
        `POST /v1/aip/invoke HTTP/1.1\r\nHost: x\r\nX-API-Key: ${KEY}\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body}`,
      );
      const head = await new Promise<string>((r) => client.once('data', (d: Buffer) => r(d.toString('utf8'))));
      client.pause();
      const invocationId = /"invocationId":"(inv_[^"]+)"/.exec(head)![1]!;

      // Wait until the agent has stopped being pulled, then check it stays stopped.
      let last = -1;
      await eventually(async () => {
        const now = produced;
        const settled = now === last;
        last = now;
        await sleep(100);
        return settled ? true : undefined;
      }, 5000);
      const stalledAt = produced;
      await sleep(300);
      expect(produced).toBe(stalledAt);
      expect(stalledAt).toBeLessThan(EVENTS / 4);
      const buffered = Math.max(...serverSockets.map((s) => s.writableLength));
      expect(buffered).toBeLessThan(2 * PIECE.length + 4096);

      client.destroy();
      await eventually(() => (signals[0]?.aborted ? true : undefined));
      const record = await eventually(async () => store.getInvocation(ownerForKey(KEY), invocationId));
      expect(record).toMatchObject({ status: 'cancelled', blocksCreated: [] });
      expect(produced).toBe(stalledAt);
    },
  );
});

describe('graceful shutdown', () => {
  it('ends an open stream with a retryable cancelled error, then closes', async () => {
    const srv = await start({ agents: [createSlowAgent({ pieces: 1, intervalMs: 60_000 })] });
    const stream = openStream(srv.url, { agent: 'slow', prompt: 'forever' });
    await stream.waitFor('context_assembled');
    const t0 = Date.now();
    await srv.close();
    await stream.ended;
    expect(Date.now() - t0).toBeLessThan(2000);
    const last = stream.events.at(-1)!;
    expect(last.event).toBe('error');
    expect(last.data).toMatchObject({ error: { code: 'cancelled', retryable: true } });
    expectLawfulStream(stream.events, null);
    await expect(json(srv.url, 'GET', '/.well-known/aip/agent')).rejects.toThrow(/ECONNREFUSED/);
  });

  it('answers new requests 503 unavailable with Retry-After while open requests drain', async () => {
    const srv = await start({ shutdownGraceMs: 3000 });
    // A request still sending its body is in flight: the drain waits for it.
    const body = JSON.stringify({ agent: 'echo', prompt: 'drain' });
    const upload = connect(Number(new URL(srv.url).port), '127.0.0.1');
    await new Promise((r) => upload.once('connect', r));
    let uploaded = '';
    upload.on('data', (d: Buffer) => (uploaded += d.toString('utf8')));
    const uploadClosed = new Promise((r) => upload.once('close', r));
    upload.write(
      `POST /v1/aip/invoke HTTP/1.1\r\nHost: x\r\nX-API-Key: ${KEY}\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body.slice(0, 5)}`,
    );
    await sleep(100);
    const closed = srv.close();
    const refused = await json(srv.url, 'GET', '/.well-known/aip/agent');
    expect(refused.status).toBe(503);
    expect(refused.body.error).toMatchObject({ code: 'unavailable', retryable: true });
    expect(refused.headers['retry-after']).toBe('3');
    expect(refused.headers.connection).toBe('close');
    upload.write(body.slice(5));
    await uploadClosed;
    expect(uploaded).toMatch(/^HTTP\/1\.1 200 /);
    await closed;
    await expect(json(srv.url, 'GET', '/.well-known/aip/agent')).rejects.toThrow(/ECONNREFUSED/);
  });

  it('answers a JSON invocation in flight as cancelled', async () => {
    const srv = await start({ agents: [createSlowAgent({ pieces: 1, intervalMs: 60_000 })] });
    const pending = json(srv.url, 'POST', '/v1/aip/invoke', { agent: 'slow', prompt: 'forever' });
    await sleep(150);
    await srv.close();
    const r = await pending;
    expect(r.status).toBe(200);
    expect(r.body.data).toMatchObject({ status: 'cancelled', error: { code: 'cancelled', retryable: true } });
  });
});
