import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERROR_CODES, validate, type ErrorCode } from '../../../src/index.ts';
import { KEY, OTHER_KEY, createSession, json, parseStream, start, type Running } from './helpers.ts';

/**
 * Thousands of malformed requests derived from valid ones: members dropped or replaced by random
 * JSON, whole bodies replaced by random JSON or random bytes, huge and deeply nested values, wrong
 * media types and keys, random methods, paths and query strings. The server must never answer
 * 5xx, every error must be a catalogue envelope, and it must keep answering afterwards.
 */

const SEED = 20261129;
/** Property runs; each sends a batch of requests concurrently, as clients would. */
const RUNS = 250;
const BATCH = 8;

let srv: Running;
let session: string;
let block: string;
const logged: string[] = [];
const agent = new HttpAgent({ keepAlive: true, maxSockets: 8 });

beforeAll(async () => {
  srv = await start({ log: (line) => logged.push(line) });
  session = await createSession(srv.url, 'fuzz');
  block = (
    await json(srv.url, 'POST', '/v1/aip/blocks', { sessionId: session, type: 'note', content: 'seed', tags: ['a'] })
  ).body.data.id;
});
afterAll(async () => {
  agent.destroy();
  await srv.close();
});

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

function validBodies(): Record<string, { method: string; path: string; body: Json; headers?: Record<string, string> }> {
  return {
    hub: {
      method: 'POST',
      path: '/v1/aip/invoke',
      body: {
        agent: 'echo',
        prompt: 'hi',
        session,
        context: { blockIds: [block], includeByTag: ['a'], excludeByTag: ['b'], includePinned: true, maxTokens: 100 },
        enrichment: 'manual',
        enrichmentConfig: { blockIds: [block], maxTokens: 50, recencyBias: 0.5, includePreferences: true },
        stream: false,
        saveToSession: false,
      },
    },
    portable: {
      method: 'POST',
      path: '/.well-known/aip/invoke',
      headers: { 'X-AIP-Agent': 'code-assistant' },
      body: {
        aip_version: '0.1.0',
        prompt: {
          content: 'hi',
          attachments: [
            { type: 'text', text: 't' },
            { type: 'url', url: 'https://example.com/a' },
          ],
        },
        context: {
          session_id: session,
          block_ids: [block],
          include_by_tag: ['a'],
          max_tokens: 100,
          enrichment: 'auto',
          enrichment_config: { include_preferences: false },
        },
        options: { stream: true, save_to_session: false },
      },
    },
    session: {
      method: 'POST',
      path: '/v1/aip/sessions',
      body: {
        name: 'n',
        tags: ['a'],
        defaultAgent: 'echo',
        fromSession: session,
        includeByTag: ['a'],
        includePinned: true,
      },
    },
    fork: {
      method: 'POST',
      path: `/v1/aip/sessions/${session}/fork`,
      body: { name: 'f', includeByTag: ['a'], excludeByTag: [], includePinned: false },
    },
    block: {
      method: 'POST',
      path: '/v1/aip/blocks',
      body: { sessionId: session, type: 'note', content: 'x', tags: ['t'], pinned: false, importance: 0.5 },
    },
    toolBlock: {
      method: 'POST',
      path: '/v1/aip/blocks',
      body: { sessionId: session, type: 'tool_result', content: { tool: 't', input: { a: 1 }, output: [1] } },
    },
  };
}

/** Every member path of a JSON value, e.g. [['context'], ['context','blockIds'], ['context','blockIds',0]]. */
function pathsOf(value: Json, prefix: Array<string | number> = []): Array<Array<string | number>> {
  if (value === null || typeof value !== 'object') return [];
  const entries: Array<[string | number, Json]> = Array.isArray(value)
    ? value.map((v, i) => [i, v])
    : Object.entries(value);
  return entries.flatMap(([k, v]) => [[...prefix, k], ...pathsOf(v, [...prefix, k])]);
}

function mutate(value: Json, path: Array<string | number>, replacement: Json | undefined): Json {
  const copy = structuredClone(value);
  let node: any = copy;
  for (const k of path.slice(0, -1)) node = node[k];
  const last = path.at(-1)!;
  if (replacement === undefined) {
    if (Array.isArray(node)) node.splice(Number(last), 1);
    else delete node[last];
  } else if (Array.isArray(node)) node[Number(last)] = replacement;
  else Object.defineProperty(node, last, { value: replacement, enumerable: true, writable: true, configurable: true });
  return copy;
}

const nasty: fc.Arbitrary<Json> = fc.oneof(
  { weight: 6, arbitrary: fc.jsonValue({ maxDepth: 3 }) as fc.Arbitrary<Json> },
  {
    weight: 1,
    arbitrary: fc.constantFrom<Json>(
      '',
      -1,
      0,
      1.5,
      1e308,
      -0,
      true,
      [],
      {},
      '0.1.0',
      'sess_x',
      'blk_x',
      'inv_x',
      '\u0000',
      '\ud800',
      'a'.repeat(300),
    ),
  },
  { weight: 1, arbitrary: fc.constantFrom(20_000, 300_000, 1_100_000).map((n) => 'x'.repeat(n)) },
);

/** JSON text of a body; `@@deep:N@@` markers become N nested arrays (too deep to build as values). */
function encode(body: Json): string {
  return JSON.stringify(body).replace(
    /"@@deep:(\d+)@@"/g,
    (_, n: string) => '['.repeat(Number(n)) + ']'.repeat(Number(n)),
  );
}

interface Probe {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: Buffer;
}

const keyHeader = fc.oneof(
  { weight: 8, arbitrary: fc.constant<Record<string, string>>({ 'X-API-Key': KEY }) },
  { weight: 1, arbitrary: fc.constant<Record<string, string>>({ 'X-API-Key': OTHER_KEY }) },
  { weight: 1, arbitrary: fc.constant<Record<string, string>>({}) },
  {
    weight: 1,
    arbitrary: fc
      .string({ minLength: 1, maxLength: 40 })
      .filter((s) => /^[\x21-\x7e]+$/.test(s))
      .map((k) => ({ 'X-API-Key': k })),
  },
);

const contentType = fc.oneof(
  { weight: 8, arbitrary: fc.constant('application/json') },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      'application/json; charset=utf-8',
      'APPLICATION/JSON',
      'text/plain',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
      'application/json-patch+json',
      '',
    ),
  },
);

function probes(): fc.Arbitrary<Probe> {
  const bases = validBodies();
  const derived = fc
    .record({
      base: fc.constantFrom(...Object.keys(bases)),
      op: fc.constantFrom('drop', 'replace', 'replace', 'add', 'whole', 'nest'),
      depth: fc.constantFrom(70, 5_000, 50_000),
      pick: fc.nat(),
      value: nasty,
      extraKey: fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('__proto__', 'constructor', 'toString')),
      key: keyHeader,
      type: contentType,
      agentHeader: fc.option(fc.constantFrom('echo', 'failing', 'ghost', '', 'UPPER', 'code-assistant'), {
        nil: undefined,
      }),
    })
    .map(({ base, op, depth, pick, value, extraKey, key, type, agentHeader }): Probe => {
      const b = bases[base]!;
      const paths = pathsOf(b.body);
      const path = paths[pick % paths.length]!;
      let body: Json;
      if (op === 'drop') body = mutate(b.body, path, undefined);
      else if (op === 'replace') body = mutate(b.body, path, value);
      else if (op === 'add') body = mutate(b.body, [extraKey], value);
      else if (op === 'nest') body = mutate(b.body, path, `@@deep:${depth}@@`);
      else body = value;
      const headers: Record<string, string> = { ...b.headers, ...key };
      if (type !== '') headers['Content-Type'] = type;
      if (agentHeader !== undefined) headers['X-AIP-Agent'] = agentHeader;
      return { method: b.method, path: b.path, headers, body: Buffer.from(encode(body)) };
    });

  const bytes = fc
    .record({ base: fc.constantFrom(...Object.keys(bases)), data: fc.uint8Array({ maxLength: 512 }), key: keyHeader })
    .map(
      ({ base, data, key }): Probe => ({
        method: bases[base]!.method,
        path: bases[base]!.path,
        headers: { ...bases[base]!.headers, ...key, 'Content-Type': 'application/json' },
        body: Buffer.from(data),
      }),
    );

  const paths = fc.constantFrom(
    '/v1/aip/sessions',
    `/v1/aip/sessions/${session}`,
    `/v1/aip/sessions/${session}/blocks`,
    '/v1/aip/sessions/sess_nope/blocks',
    '/.well-known/aip/agent',
    '/v1/aip/agents',
    '/v1/aip/invoke',
    '/.well-known/aip/invoke',
  );
  const query = fc.dictionary(
    fc.constantFrom('limit', 'cursor', 'tag', 'type', 'pinned', 'agent', 'x'),
    fc.string({ maxLength: 20 }),
    { maxKeys: 3 },
  );
  const wanderers = fc
    .record({
      method: fc.constantFrom('GET', 'GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD'),
      path: fc.oneof(
        paths,
        fc.webPath(),
        fc.string({ maxLength: 30 }).map((s) => `/${encodeURIComponent(s)}`),
      ),
      query,
      key: keyHeader,
      body: fc.option(fc.jsonValue({ maxDepth: 2 }), { nil: undefined }),
    })
    .map(({ method, path, query, key, body }): Probe => {
      const qs = new URLSearchParams(query).toString();
      const withBody = body !== undefined && method !== 'GET' && method !== 'HEAD';
      return {
        method,
        path: `${path.startsWith('/') ? path : `/${path}`}${qs ? `?${qs}` : ''}`,
        headers: { ...key, ...(withBody ? { 'Content-Type': 'application/json' } : {}) },
        body: withBody ? Buffer.from(JSON.stringify(body)) : undefined,
      };
    });

  return fc.oneof(
    { weight: 6, arbitrary: derived },
    { weight: 2, arbitrary: bytes },
    { weight: 2, arbitrary: wanderers },
  );
}

function exchange(p: Probe): Promise<{ status: number; type: string; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${srv.url}${p.path}`, { method: p.method, headers: p.headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          type: String(res.headers['content-type'] ?? ''),
          body: Buffer.concat(chunks),
        }),
      );
    });
    req.on('error', reject);
    req.end(p.body);
  });
}

describe('malformed input never reaches a 5xx', () => {
  it(`answers ${RUNS * BATCH} generated requests with catalogue errors or lawful successes (seed ${SEED})`, async () => {
    const seen = new Map<number, number>();
    const check = async (p: Probe) => {
      const r = await exchange(p);
      seen.set(r.status, (seen.get(r.status) ?? 0) + 1);
      expect(r.status).toBeLessThan(500);
      if (p.method === 'HEAD') return;
      if (r.status >= 400) {
        const envelope = JSON.parse(r.body.toString('utf8'));
        expect(validate('error-envelope', envelope).ok).toBe(true);
        expect(ERROR_CODES[envelope.error.code as ErrorCode]?.status).toBe(r.status);
      } else if (r.type.startsWith('text/event-stream')) {
        const names = parseStream(r.body).events.map((e) => e.event);
        expect(names[0]).toBe('start');
        expect(['complete', 'error']).toContain(names.at(-1));
      }
    };
    await fc.assert(
      fc.asyncProperty(fc.array(probes(), { minLength: BATCH, maxLength: BATCH }), async (batch) => {
        await Promise.all(batch.map(check));
      }),
      { seed: SEED, numRuns: RUNS },
    );
    expect(logged).toEqual([]);
    // The mix really covers both sides: successes and several kinds of refusal.
    expect([...seen.keys()].sort()).toEqual(expect.arrayContaining([200, 201, 400, 401, 404, 405, 413, 415]));
    const after = await json(srv.url, 'GET', '/.well-known/aip/agent');
    expect(after.status).toBe(200);
  });
});
