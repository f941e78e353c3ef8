/**
 * The probe against hostile in-process servers: each misbehaviour must come back as a recorded
 * failure with a clear reason, within its time bound — never a crash or a hang.
 */
import type { RequestListener } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { Probe, type ProbeLimits, type ProbeRequest, type ProbeResponse } from '../../conformance/index.ts';
import { event, flood, serve, SSE, type Running } from './_servers.ts';

const GiB = 1024 ** 3;

interface Case {
  name: string;
  handler: RequestListener;
  limits?: Partial<ProbeLimits>;
  request?: Partial<ProbeRequest>;
  /** Upper bound on the exchange, in ms: the limit plus slack. */
  within: number;
  expect: (res: ProbeResponse) => void;
}

const CASES: Case[] = [
  {
    name: 'a server that never answers hits the first-byte timeout',
    handler: () => {},
    limits: { firstByteTimeoutMs: 300 },
    within: 1_500,
    expect: (res) => {
      expect(res.status).toBeUndefined();
      expect(res.failure?.code).toBe('first-byte-timeout');
      expect(res.failure?.message).toMatch(/no response within 300 ms of sending the request/);
    },
  },
  {
    name: 'a slow first byte within the first-byte timeout is no failure, however short the idle timeout',
    handler: (_req, res) => {
      setTimeout(() => res.end('{}'), 600);
    },
    limits: { firstByteTimeoutMs: 2_000, idleTimeoutMs: 200 },
    within: 1_500,
    expect: (res) => {
      expect(res.failure).toBeUndefined();
      expect(res.status).toBe(200);
    },
  },
  {
    name: 'a stream that pauses longer than the idle timeout is cut, with the events read so far',
    handler: (_req, res) => {
      res.writeHead(200, SSE);
      res.write(event('start', { invocationId: 'inv_1', agent: 'a', session: null }));
    },
    limits: { idleTimeoutMs: 300 },
    within: 1_500,
    expect: (res) => {
      expect(res.failure?.code).toBe('idle-timeout');
      expect(res.failure?.message).toMatch(/no byte of the response body arrived for 300 ms/);
      expect(res.stream!.events.map((e) => e.type)).toEqual(['start']);
    },
  },
  {
    name: 'a slow but steady stream outlives the idle timeout',
    handler: (_req, res) => {
      res.writeHead(200, SSE);
      res.write(event('start', { invocationId: 'inv_1', agent: 'a', session: null }));
      let n = 0;
      const t = setInterval(() => {
        if (++n < 8) res.write(event('text_delta', { content: '.' }));
        else {
          clearInterval(t);
          res.end();
        }
      }, 100);
    },
    limits: { idleTimeoutMs: 250 },
    within: 2_000,
    expect: (res) => {
      expect(res.failure).toBeUndefined();
      expect(res.stream!.events.length).toBe(8);
    },
  },
  {
    name: 'a stream that never ends hits the whole-exchange cap, with the events read so far',
    handler: (req, res) => {
      res.writeHead(200, SSE);
      res.write(event('start', { invocationId: 'inv_1', agent: 'a', session: null }));
      const t = setInterval(() => res.write(event('text_delta', { content: 'x' })), 20);
      req.on('close', () => clearInterval(t));
    },
    limits: { timeoutMs: 400 },
    within: 1_500,
    expect: (res) => {
      expect(res.failure?.code).toBe('total-timeout');
      expect(res.failure?.message).toMatch(/did not finish within 400 ms/);
      expect(res.stream!.events.length).toBeGreaterThan(2);
      expect(res.stream!.terminalIndex).toBeUndefined();
    },
  },
  {
    name: 'a gigabyte JSON body stops at the cap',
    handler: (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(GiB) });
      flood(res, Buffer.alloc(64 * 1024, 'a'));
    },
    limits: { maxJsonBytes: 1024 * 1024, timeoutMs: 10_000 },
    within: 3_000,
    expect: (res) => {
      expect(res.failure?.code).toBe('too-large');
      expect(res.failure?.message).toMatch(/exceeded the kit's limit of 1048576 bytes/);
      // What was read stops at the cap; what is kept is only its start, so held responses stay small.
      expect(res.exchange.response!.bodyBytes).toBeGreaterThan(1024 * 1024);
      expect(res.body.length).toBe(64 * 1024);
      expect(res.jsonError).toMatch(/not parsed/);
      expect(res.exchange.response!.body!.length).toBeLessThanOrEqual(8 * 1024);
      expect(res.exchange.response!.droppedBytes).toBeGreaterThan(1024 * 1024 - 8 * 1024);
    },
  },
  {
    name: 'an endless stream body stops at the cap, with bounded evidence',
    handler: (_req, res) => {
      res.writeHead(200, SSE);
      flood(res, Buffer.from(event('text_delta', { content: 'y'.repeat(4000) }).repeat(16)));
    },
    limits: { maxStreamBytes: 2 * 1024 * 1024, timeoutMs: 10_000 },
    within: 3_000,
    expect: (res) => {
      expect(res.failure?.code).toBe('too-large');
      const r = res.exchange.response!;
      const kept = r.chunks!.reduce((s, c) => s + c.bytes, 0);
      expect(kept).toBeLessThan(16 * 1024 + 128 * 1024);
      expect(r.droppedChunks).toBeGreaterThan(0);
      expect(r.droppedBytes).toBe(r.bodyBytes - kept);
      // The events kept of a flood are its first ones (64 KiB of data), not all 2 MiB of them.
      expect(res.stream!.events.length).toBeGreaterThan(10);
      expect(res.stream!.events.length).toBeLessThan(100);
      expect(r.sse!.events).toBeGreaterThan(100);
    },
  },
  {
    name: 'invalid UTF-8 in a stream is reported by the parser',
    handler: (_req, res) => {
      res.writeHead(200, SSE);
      res.write(event('start', { invocationId: 'inv_1', agent: 'a', session: null }));
      res.write(
        Buffer.concat([
          Buffer.from('event: text_delta\ndata: {"content":"'),
          Buffer.from([0xff, 0xfe]),
          Buffer.from('"}\n\n'),
        ]),
      );
      res.end(
        event('complete', {
          invocationId: 'inv_1',
          output: 'x',
          session: null,
          blocksCreated: [],
          usage: { contextTokens: 0, inputTokens: 0, outputTokens: 0 },
        }),
      );
    },
    within: 1_500,
    expect: (res) => {
      expect(res.failure).toBeUndefined();
      expect(res.stream!.problems.map((p) => p.code)).toContain('invalid-utf8');
      expect(res.exchange.response!.sse!.invalidUtf8).toBeGreaterThan(0);
    },
  },
  {
    name: 'invalid UTF-8 in a JSON body is detected',
    handler: (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(Buffer.concat([Buffer.from('{"a":"'), Buffer.from([0xc3, 0x28]), Buffer.from('"}')]));
    },
    within: 1_500,
    expect: (res) => {
      expect(res.utf8Valid).toBe(false);
      expect(res.status).toBe(200);
    },
  },
  {
    name: 'a connection reset mid-stream is a failure, events kept',
    handler: (_req, res) => {
      res.writeHead(200, SSE);
      res.write(event('start', { invocationId: 'inv_1', agent: 'a', session: null }));
      setTimeout(() => res.socket?.destroy(), 50);
    },
    within: 1_500,
    expect: (res) => {
      expect(res.failure?.code).toBe('reset');
      expect(res.failure?.message).toMatch(/before the response body was complete/);
      expect(res.stream!.events.map((e) => e.type)).toEqual(['start']);
    },
  },
  {
    name: 'a stream left open after its terminal event is cut after the grace period',
    handler: (_req, res) => {
      res.writeHead(200, SSE);
      res.write(event('start', { invocationId: 'inv_1', agent: 'a', session: null }));
      res.write(event('error', { invocationId: 'inv_1', error: { code: 'agent_error', message: 'boom' } }));
    },
    limits: { terminalGraceMs: 200, timeoutMs: 5_000 },
    within: 1_500,
    expect: (res) => {
      expect(res.failure?.code).toBe('not-closed-after-terminal');
      expect(res.stream!.terminalIndex).toBe(1);
    },
  },
  {
    name: 'a wrong content type is recorded as such, not parsed as a stream',
    handler: (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<html>nope</html>');
    },
    within: 1_500,
    expect: (res) => {
      expect(res.stream).toBeUndefined();
      expect(res.headers['content-type']).toBe('text/html');
      expect(res.jsonError).toBeDefined();
    },
  },
];

let running: Running | undefined;
afterEach(async () => {
  await running?.close();
  running = undefined;
});

describe('probe limits against hostile servers', () => {
  it.each(CASES)('$name', async (c) => {
    running = await serve(c.handler);
    const probe = new Probe({ baseUrl: running.url, apiKey: 'aipk_probe_test_key_0001', limits: c.limits });
    const t0 = Date.now();
    try {
      const res = await probe.send({ method: 'POST', path: '/x', json: { stream: true }, ...c.request });
      expect(Date.now() - t0).toBeLessThan(c.within);
      c.expect(res);
      expect(res.exchange.curl).toContain('curl');
    } finally {
      probe.close();
    }
  });

  it('a refused connection is a failure', async () => {
    running = await serve(() => {});
    const url = running.url;
    await running.close();
    running = undefined;
    const probe = new Probe({ baseUrl: url });
    const res = await probe.send({ method: 'GET', path: '/' });
    probe.close();
    expect(res.failure?.code).toBe('refused');
    expect(res.exchange.failure?.message).toMatch(/refused/);
  });

  it('a disconnect on request ends the exchange without a failure', async () => {
    running = await serve((_req, res) => {
      res.writeHead(200, SSE);
      res.write(event('start', { invocationId: 'inv_1', agent: 'a', session: null }));
    });
    const probe = new Probe({ baseUrl: running.url, limits: { timeoutMs: 5_000 } });
    const t0 = Date.now();
    const res = await probe.send({
      method: 'POST',
      path: '/x',
      json: {},
      disconnectWhen: (cap) => cap.events.length >= 1,
    });
    probe.close();
    expect(Date.now() - t0).toBeLessThan(1_000);
    expect(res.disconnected).toBe(true);
    expect(res.failure).toBeUndefined();
  });
});

describe('probe redaction and reproducers', () => {
  const KEY = 'sk-live-ZXCVBNM1234567890';

  it('never shows the key: headers masked, curl uses $AIP_API_KEY, echoed keys redacted', async () => {
    running = await serve((req, res) => {
      res.writeHead(400, { 'content-type': 'application/json', 'x-echo': String(req.headers['x-api-key']) });
      res.end(
        JSON.stringify({ error: { code: 'invalid_request', message: `bad key ${String(req.headers['x-api-key'])}` } }),
      );
    });
    const probe = new Probe({ baseUrl: running.url, apiKey: KEY });
    const res = await probe.send({
      method: 'POST',
      path: '/v1/aip/invoke',
      json: { stream: true, prompt: `my key is ${KEY}` },
    });
    probe.close();
    const evidence = JSON.stringify(res.exchange);
    expect(evidence).not.toContain(KEY);
    expect(res.exchange.curl).toContain('"X-API-Key: $AIP_API_KEY"');
    expect(res.exchange.curl).toContain(' -N ');
    expect(res.exchange.request.headers['X-API-Key']).toMatch(/^sk-…redacted$/);
    expect(res.text).toContain(KEY);
  });

  it('redacts secret-looking extra headers like the key, and sends the others as given', async () => {
    const TOKEN = 'Bearer gw-SECRET-7f3a9c1e5b';
    running = await serve((req, res) => {
      res.writeHead(400, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ got: req.headers.authorization, gateway: req.headers['x-gateway'] }));
    });
    const probe = new Probe({
      baseUrl: running.url,
      apiKey: KEY,
      headers: { Authorization: TOKEN, 'X-Gateway': 'eu-1', 'X-Upstream-Token': 'tok-SECRET-1234' },
    });
    const res = await probe.send({ method: 'GET', path: '/v1/aip/sessions' });
    probe.close();
    expect(res.json).toEqual({ got: TOKEN, gateway: 'eu-1' });
    const evidence = JSON.stringify(res.exchange);
    expect(evidence).not.toContain('gw-SECRET');
    expect(evidence).not.toContain('tok-SECRET');
    expect(res.exchange.curl).toContain('"Authorization: $AIP_HEADER_AUTHORIZATION"');
    expect(res.exchange.curl).toContain('"X-Upstream-Token: $AIP_HEADER_X_UPSTREAM_TOKEN"');
    expect(res.exchange.curl).toContain(`'X-Gateway: eu-1'`);
  });

  it('shell-quotes bodies in the curl reproducer', async () => {
    running = await serve((_req, res) => res.end('{}'));
    const probe = new Probe({ baseUrl: running.url });
    const res = await probe.send({ method: 'POST', path: '/p', json: { q: "it's" } });
    probe.close();
    expect(res.exchange.curl).toContain(`--data-binary '{"q":"it'\\''s"}'`);
  });
});
