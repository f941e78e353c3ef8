import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import seed from './fixtures/seed-requests.json' with { type: 'json' };
import {
  KEY,
  createSession,
  expectLawfulStream,
  expectSchema,
  json,
  parseStream,
  send,
  start,
  type Running,
} from './helpers.ts';

let srv: Running;
let session: string;
let authBlock: string;

beforeAll(async () => {
  srv = await start();
  session = await createSession(srv.url, 'auth work');
  const note = await json(srv.url, 'POST', '/v1/aip/blocks', {
    sessionId: session,
    type: 'note',
    content: 'We chose JWT access tokens.',
    tags: ['authentication'],
  });
  authBlock = note.body.data.id;
  await json(srv.url, 'POST', '/v1/aip/blocks', {
    sessionId: session,
    type: 'note',
    content: 'Unrelated styling notes.',
    tags: ['css'],
  });
});
afterAll(() => srv.close());

const withSession = (body: unknown) =>
  JSON.parse(JSON.stringify(body).replaceAll('$SESSION', session)) as Record<string, unknown>;

/** True when `wanted` appears within `names` in order (other events may sit between). */
function isSubsequence(wanted: readonly string[], names: readonly string[]): boolean {
  let i = 0;
  for (const n of names) if (n === wanted[i]) i++;
  return i === wanted.length;
}

const hubHeaders = { 'X-API-Key': KEY, 'Content-Type': 'application/json' };
const portableHeaders = { ...hubHeaders, 'X-AIP-Agent': seed.portableAgentHeader };

describe('the seed page examples', () => {
  it('hub invoke (stream: true) gives the seed event sequence, with the tagged block as context', async () => {
    const r = await send(srv.url, 'POST', '/v1/aip/invoke', hubHeaders, JSON.stringify(withSession(seed.hubInvoke)));
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toMatch(/^text\/event-stream/);
    const { events } = parseStream(r.body);
    expectLawfulStream(events, session);
    expect(
      isSubsequence(
        seed.hubStreamEventOrder,
        events.map((e) => e.event),
      ),
    ).toBe(true);
    const assembled = events[1]!.data as { blockIds: string[]; blocksIncluded: number; tokenCount: number };
    expect(assembled.blockIds).toEqual([authBlock]);
    expect(assembled.blocksIncluded).toBe(1);
    const complete = events.at(-1)!.data as Record<string, unknown>;
    expect(Object.keys(complete)).toEqual(expect.arrayContaining(['output', 'blocksCreated', 'usage']));
    expect(events[0]!.data).toMatchObject({ agent: 'code-assistant' });
  });

  it('hub invoke without stream answers the seed JSON shape', async () => {
    const r = await json(srv.url, 'POST', '/v1/aip/invoke', { ...withSession(seed.hubInvoke), stream: false });
    expect(r.status).toBe(200);
    expectSchema('invoke-response', r.body);
    expect(Object.keys(r.body.data).sort()).toEqual(Object.keys(seed.hubInvokeResponseExample.data).sort());
    expect(Object.keys(r.body.data.usage).sort()).toEqual(Object.keys(seed.hubInvokeResponseExample.data.usage).sort());
    expect(r.body.data).toMatchObject({ status: 'completed', agent: 'code-assistant', session });
    expect(r.body.data.blocksCreated).toHaveLength(2);
  });

  it('portable invoke with options.stream answers the same stream vocabulary', async () => {
    const r = await send(
      srv.url,
      'POST',
      '/.well-known/aip/invoke',
      portableHeaders,
      JSON.stringify(withSession(seed.portableInvokeStreaming)),
    );
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toMatch(/^text\/event-stream/);
    const { events } = parseStream(r.body);
    expectLawfulStream(events, session);
    expect(
      isSubsequence(
        seed.hubStreamEventOrder,
        events.map((e) => e.event),
      ),
    ).toBe(true);
    expect((events.at(-1)!.data as { blocksCreated: string[] }).blocksCreated).toHaveLength(2);
  });

  it('the portable curl example answers the hub JSON shape', async () => {
    const r = await send(
      srv.url,
      'POST',
      '/.well-known/aip/invoke',
      portableHeaders,
      JSON.stringify(withSession(seed.portableInvokeCurl)),
    );
    expect(r.status).toBe(200);
    const body = JSON.parse(r.body.toString('utf8'));
    expectSchema('invoke-response', body);
    expect(Object.keys(body.data).sort()).toEqual(Object.keys(seed.hubInvokeResponseExample.data).sort());
    expect(body.data).toMatchObject({
      status: 'completed',
      output: expect.stringContaining('Build a landing page'),
      session,
    });
  });
});
