/**
 * The proxy itself: a kill in the zoo only means something if the proxy changes exactly what the
 * mutant says and nothing else. Framings must parse back to the upstream's events.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createParser } from '../../src/sse/index.ts';
import { commentBefore, multiLineData, withIdAndRetry, withLineEnd } from './framings.ts';
import { errorResponse, withHeader } from './helpers.ts';
import { relay, startProxy, type RunningProxy } from './proxy.ts';
import type { Framing, Mutant } from './types.ts';
import { startUpstream, type Upstream } from './upstream.ts';

let upstream: Upstream;
beforeAll(async () => {
  upstream = await startUpstream();
});
afterAll(async () => {
  await upstream.close();
});

interface Captured {
  status: number;
  headers: Headers;
  bytes: Buffer;
  chunks: number;
  firstByteMs: number;
  totalMs: number;
}

async function capture(url: string, init: RequestInit = {}): Promise<Captured> {
  const t0 = performance.now();
  const res = await fetch(url, init);
  const parts: Buffer[] = [];
  let firstByteMs = -1;
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    if (firstByteMs < 0) firstByteMs = performance.now() - t0;
    parts.push(Buffer.from(chunk));
  }
  return {
    status: res.status,
    headers: res.headers,
    bytes: Buffer.concat(parts),
    chunks: parts.length,
    firstByteMs,
    totalMs: performance.now() - t0,
  };
}

function invoke(base: string, agent: string, stream = true): Promise<Captured> {
  return capture(`${base}/v1/aip/invoke`, {
    method: 'POST',
    headers: { 'x-api-key': upstream.apiKey, 'content-type': 'application/json' },
    body: JSON.stringify({ agent, prompt: 'Add a login form', stream }),
  });
}

/** Events as (name, payload without per-run ids), for comparing two runs of the same request. */
function events(bytes: Buffer): Array<{ type: string; data: unknown }> {
  const out: Array<{ type: string; data: unknown }> = [];
  const parser = createParser({
    onEvent: (e) =>
      out.push({ type: e.type, data: JSON.parse(e.data.replace(/"inv_[A-Za-z0-9_-]+"/g, '"inv_x"')) as unknown }),
  });
  parser.feed(new Uint8Array(bytes));
  parser.end();
  return out;
}

async function through<T>(
  fault: Omit<Mutant, 'name' | 'fault' | 'expect'>,
  use: (proxy: RunningProxy) => Promise<T>,
): Promise<T> {
  const proxy = await startProxy({ upstreamUrl: upstream.url, apiKey: upstream.apiKey }, fault);
  try {
    return await use(proxy);
  } finally {
    await proxy.close();
  }
}

describe('transparent proxy', () => {
  it('forwards JSON byte for byte', async () => {
    const direct = await capture(`${upstream.url}/.well-known/aip/agent`);
    const proxied = await through({}, (p) => capture(`${p.url}/.well-known/aip/agent`));
    expect(proxied.status).toBe(200);
    expect(proxied.bytes.equals(direct.bytes)).toBe(true);
  });

  it('forwards a stream with the same headers and events, and re-encodes an untouched stream identically', async () => {
    const direct = await invoke(upstream.url, 'code-assistant');
    const piped = await through({}, (p) => invoke(p.url, 'code-assistant'));
    const reencoded = await through({ stream: { events: {} } }, (p) => invoke(p.url, 'code-assistant'));
    for (const r of [piped, reencoded]) {
      expect(r.headers.get('content-type')).toBe(direct.headers.get('content-type'));
      expect(r.headers.get('content-length')).toBeNull();
      expect(events(r.bytes)).toEqual(events(direct.bytes));
    }
    expect(reencoded.bytes.toString().replace(/inv_[\w-]+/g, 'inv_x')).toBe(
      direct.bytes.toString().replace(/inv_[\w-]+/g, 'inv_x'),
    );
  });
});

const FRAMINGS: Array<{ name: string; framing: Framing; bytes: (b: Buffer) => boolean }> = [
  {
    name: 'CRLF',
    framing: { encode: withLineEnd('\r\n') },
    bytes: (b) => b.includes('\r\n') && !/[^\r]\n/.test(b.toString()),
  },
  { name: 'CR only', framing: { encode: withLineEnd('\r') }, bytes: (b) => b.includes('\r') && !b.includes('\n') },
  { name: 'BOM', framing: { preamble: '\uFEFF' }, bytes: (b) => b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf },
  {
    name: 'multi-line data',
    framing: { encode: multiLineData },
    bytes: (b) => /data: \{\ndata: {3}"/.test(b.toString()),
  },
  { name: 'comments', framing: { encode: commentBefore }, bytes: (b) => b.toString().startsWith(': note 0\n') },
  {
    name: 'id and retry',
    framing: { encode: withIdAndRetry },
    bytes: (b) => b.toString().includes('retry: 3000\n') && b.toString().includes('id: evt-1\n'),
  },
  { name: '1-byte chunks', framing: { chunkBytes: 1 }, bytes: () => true },
];

describe.each(FRAMINGS)('framing: $name', ({ framing, bytes }) => {
  it('changes the bytes as described and parses back to the upstream events', async () => {
    const direct = await invoke(upstream.url, 'echo');
    const framed = await through({ stream: { framing } }, (p) => invoke(p.url, 'echo'));
    expect(bytes(framed.bytes)).toBe(true);
    expect(events(framed.bytes)).toEqual(events(direct.bytes));
  });
});

describe('delivery', () => {
  it('delivers 1-byte chunks as separate writes', async () => {
    const direct = await invoke(upstream.url, 'echo');
    const framed = await through({ stream: { framing: { chunkBytes: 1 } } }, (p) => invoke(p.url, 'echo'));
    expect(framed.chunks).toBeGreaterThan(direct.chunks * 5);
  });

  it('holds a buffered stream back until the run ended', async () => {
    const paced = await through({ stream: { events: {} } }, (p) => invoke(p.url, 'slow'));
    const held = await through({ stream: { framing: { buffered: true } } }, (p) => invoke(p.url, 'slow'));
    // The slow agent spends ~600 ms between start and its last piece.
    expect(held.firstByteMs).toBeGreaterThan(450);
    expect(paced.firstByteMs).toBeLessThan(held.firstByteMs - 300);
    expect(events(held.bytes)).toHaveLength(events(paced.bytes).length);
  });
});

describe('hooks', () => {
  it('rewrites a request before forwarding it and replaces an error answer', async () => {
    const fault: Omit<Mutant, 'name' | 'fault' | 'expect'> = {
      request: (req) => withHeader(req, 'x-api-key', undefined),
      error: (res) => (res.status === 401 ? { ...relay(res), status: 402 } : undefined),
    };
    await through(fault, async (p) => {
      const res = await capture(`${p.url}/v1/aip/agents`, { headers: { 'x-api-key': upstream.apiKey } });
      expect(res.status).toBe(402);
      expect(JSON.parse(res.bytes.toString()).error.code).toBe('unauthorized');
    });
  });

  it('answers from `respond`, rewrites requests, JSON and errors only where `when` holds', async () => {
    const fault: Omit<Mutant, 'name' | 'fault' | 'expect'> = {
      when: (req) => req.path.startsWith('/v1/aip/agents') || req.path === '/nowhere',
      respond: (req) => (req.path === '/nowhere' ? errorResponse(418, 'teapot') : undefined),
      json: (b) => ({ ...b, x_seen: true }),
    };
    await through(fault, async (p) => {
      const made = await capture(`${p.url}/nowhere`);
      expect(made.status).toBe(418);
      expect(JSON.parse(made.bytes.toString()).error.code).toBe('teapot');
      const edited = await capture(`${p.url}/v1/aip/agents`, { headers: { 'x-api-key': upstream.apiKey } });
      expect(JSON.parse(edited.bytes.toString()).x_seen).toBe(true);
      const untouched = await capture(`${p.url}/.well-known/aip/agent`);
      expect(JSON.parse(untouched.bytes.toString()).x_seen).toBeUndefined();
    });
  });
});
