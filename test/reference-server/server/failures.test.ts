import { afterEach, describe, expect, it } from 'vitest';
import { openSqliteStore } from '../../../reference-server/storage/sqlite-store.ts';
import type { Store } from '../../../reference-server/storage/store.ts';
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

/** A working SQLite store with one method replaced by a failure. */
function failing(method: keyof Store): { store: Store; base: Store } {
  const base = openSqliteStore(':memory:');
  const store: Store = {
    ...base,
    [method]: async () => {
      throw new Error(`simulated ${String(method)} failure`);
    },
  };
  return { store, base };
}

const cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanup.splice(0)) await c();
});

async function serveWith(store: Store, base: Store): Promise<{ srv: Running; logged: string[] }> {
  const logged: string[] = [];
  const srv = await start({ store, log: (line) => logged.push(line) });
  cleanup.push(async () => {
    await srv.close();
    await base.close();
  });
  return { srv, logged };
}

describe('failures inside the server', () => {
  it('turn a thrown exception into a 500 internal_error envelope, logged without the key', async () => {
    const { store, base } = failing('getSession');
    const { srv, logged } = await serveWith(store, base);
    const r = await send(srv.url, 'GET', '/v1/aip/sessions/sess_anything?api_key=leak', { 'X-API-Key': KEY });
    expect(r.status).toBe(500);
    const body = JSON.parse(r.body.toString());
    expectSchema('error-envelope', body);
    expect(body.error.code).toBe('internal_error');
    expect(body.error.message).not.toContain('simulated');
    expect(logged).toHaveLength(1);
    expect(logged[0]).toContain(body.error.requestId);
    expect(logged[0]).toContain('simulated getSession failure');
    expect(logged[0]).not.toContain(KEY);
    expect(logged[0]).not.toContain('leak');
    // The server keeps serving.
    expect((await json(srv.url, 'GET', '/.well-known/aip/agent')).status).toBe(200);
  });

  it('end a stream whose exchange cannot be saved with an internal_error event, never a silent cut', async () => {
    const { store, base } = failing('recordInvocation');
    const { srv, logged } = await serveWith(store, base);
    const sid = await createSession(srv.url);
    const r = await send(
      srv.url,
      'POST',
      '/v1/aip/invoke',
      { 'X-API-Key': KEY, 'Content-Type': 'application/json' },
      JSON.stringify({ agent: 'echo', prompt: 'x', session: sid, stream: true }),
    );
    const { events } = parseStream(r.body);
    expectLawfulStream(events, sid);
    expect(events.at(-1)!.data).toMatchObject({ error: { code: 'internal_error', retryable: true } });
    expect(logged.join('\n')).toContain('simulated recordInvocation failure');

    const asJson = await json(srv.url, 'POST', '/v1/aip/invoke', { agent: 'echo', prompt: 'x', session: sid });
    expect(asJson.status).toBe(200);
    expect(asJson.body.data).toMatchObject({ status: 'failed', blocksCreated: [], error: { code: 'internal_error' } });
  });
});
