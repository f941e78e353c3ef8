/**
 * The opt-in heartbeat check (AIP-STR-008) against two reference servers: one with the 15 s
 * keep-alive the spec recommends, which must pass, and one whose keep-alive comes after a minute,
 * which must warn. Each run holds a stream open for 16 s, so this is the one slow test of the check.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runConformance } from '../../conformance/index.ts';
import { createServer } from '../../reference-server/index.ts';

const KEY = 'rt_test_heartbeat_0001';
const servers: Array<{ close(): Promise<void> }> = [];
const verdicts = new Map<string, string>();

async function verdictWith(heartbeatMs: number): Promise<string> {
  const server = createServer({ apiKeys: [KEY], db: ':memory:', log: () => undefined, heartbeatMs });
  servers.push(server);
  const { url } = await server.listen(0, '127.0.0.1');
  const report = await runConformance({ url, apiKey: KEY, only: ['stream.heartbeat'], slowChecks: true });
  const result = report.results.find((r) => r.id === 'stream.heartbeat');
  return `${result?.verdict}: ${result?.message ?? ''}`;
}

beforeAll(async () => {
  const [ok, late] = await Promise.all([verdictWith(15_000), verdictWith(60_000)]);
  verdicts.set('ok', ok);
  verdicts.set('late', late);
}, 60_000);

afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

describe('stream.heartbeat (opt-in)', () => {
  it('passes against a server that sends a keep-alive after 15 s of silence', () => {
    expect(verdicts.get('ok')).toMatch(/^pass/);
  });
  it('warns against a server whose keep-alive comes later than 15 s', () => {
    expect(verdicts.get('late')).toMatch(/^warn: .*no comment line/);
  });
});
