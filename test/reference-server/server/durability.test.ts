import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createSession, json, parseStream, send, start, KEY } from './helpers.ts';

const dir = mkdtempSync(join(tmpdir(), 'aip-server-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('concurrent invocations on one session', () => {
  it('keeps every exchange: 20 parallel invocations (JSON and streamed) → 40 blocks, none lost', async () => {
    const srv = await start({ db: join(dir, 'concurrent.db') });
    try {
      const sid = await createSession(srv.url);
      const runs = Array.from({ length: 20 }, (_, i) =>
        i % 2 === 0
          ? json(srv.url, 'POST', '/v1/aip/invoke', { agent: 'echo', prompt: `turn ${i}`, session: sid }).then(
              (r) => r.body.data.blocksCreated as string[],
            )
          : send(
              srv.url,
              'POST',
              '/v1/aip/invoke',
              { 'X-API-Key': KEY, 'Content-Type': 'application/json' },
              JSON.stringify({ agent: 'code-assistant', prompt: `turn ${i}`, session: sid, stream: true }),
            ).then((r) => (parseStream(r.body).events.at(-1)!.data as { blocksCreated: string[] }).blocksCreated),
      );
      const created = (await Promise.all(runs)).flat();
      expect(created).toHaveLength(40);
      expect(new Set(created).size).toBe(40);
      const session = (await json(srv.url, 'GET', `/v1/aip/sessions/${sid}`)).body.data;
      expect(session.metrics).toMatchObject({ blockCount: 40, invocationCount: 20 });
      expect([...session.blocks].sort()).toEqual([...created].sort());
      // Each exchange's user turn directly precedes its assistant turn.
      const list = (await json(srv.url, 'GET', `/v1/aip/sessions/${sid}/blocks?limit=100`)).body.data as Array<{
        id: string;
      }>;
      const position = new Map(list.map((b, i) => [b.id, i]));
      for (let i = 0; i < created.length; i += 2)
        expect(position.get(created[i + 1]!)! - position.get(created[i]!)!).toBe(1);
    } finally {
      await srv.close();
    }
  });
});

describe('restart persistence', () => {
  it('keeps sessions, blocks and counts across a restart on the same file', async () => {
    const file = join(dir, 'restart.db');
    const first = await start({ db: file });
    const sid = await createSession(first.url, 'survives');
    const inv = (
      await json(first.url, 'POST', '/v1/aip/invoke', { agent: 'echo', prompt: 'remember me', session: sid })
    ).body.data;
    const before = (await json(first.url, 'GET', `/v1/aip/sessions/${sid}`)).body.data;
    await first.close();

    const second = await start({ db: file });
    try {
      const after = (await json(second.url, 'GET', `/v1/aip/sessions/${sid}`)).body.data;
      expect(after).toEqual(before);
      expect(after.blocks).toEqual(inv.blocksCreated);
      expect(after.metrics.invocationCount).toBe(1);
      const next = await json(second.url, 'POST', '/v1/aip/invoke', { agent: 'echo', prompt: 'again', session: sid });
      expect(next.body.data.usage.contextTokens).toBeGreaterThan(0);
      const listed = (await json(second.url, 'GET', '/v1/aip/sessions')).body.data.map((s: { id: string }) => s.id);
      expect(listed).toContain(sid);
    } finally {
      await second.close();
    }
  });
});
