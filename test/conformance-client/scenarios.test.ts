/**
 * The scenario catalogue is consistent data: every served stream parses (with the kit's WHATWG
 * parser, in one piece) into exactly the events the expected transcript lists, every expected
 * payload is valid for its schema, and every receiver requirement of the spec has a scenario.
 */
import { describe, expect, it } from 'vitest';
import { clientScenarios, scenarioLevel } from '../../conformance/index.ts';
import { EVENT_NAMES, validate, type WireSchemaName } from '../../src/index.ts';
import { REQUIREMENTS } from '../../src/requirements/index.ts';
import { createParser } from '../../src/sse/index.ts';

const all = clientScenarios();
const catalogue = new Set<string>(EVENT_NAMES);
const isStream = (s: (typeof all)[number]) => /event-stream/.test(s.response.headers['content-type'] ?? '');

function served(s: (typeof all)[number]): string {
  return s.response.body.filter((p): p is string => typeof p === 'string').join('');
}

describe('client scenarios', () => {
  it('have unique ids and cite known requirements', () => {
    const known = new Set(REQUIREMENTS.map((r) => r.id));
    expect(new Set(all.map((s) => s.id)).size).toBe(all.length);
    expect(all.flatMap((s) => s.requirements.filter((id) => !known.has(id)))).toEqual([]);
    for (const s of all) expect(scenarioLevel(s)).toBe('MUST');
  });

  it.each(all.filter(isStream).map((s) => [s.id, s] as const))(
    '%s: the served stream holds the expected events',
    (_id, s) => {
      const events: Array<{ event: string; data: unknown }> = [];
      const parser = createParser({ onEvent: (e) => events.push({ event: e.type, data: JSON.parse(e.data) }) });
      parser.feed(new TextEncoder().encode(served(s)));
      parser.end();
      const expected = s.expect.transcript.filter((l) => 'event' in l);
      expect(events.filter((e) => catalogue.has(e.event))).toEqual(expected);
    },
  );

  it.each(all.map((s) => [s.id, s] as const))('%s: expected payloads are valid for their schemas', (_id, s) => {
    for (const line of s.expect.transcript) {
      if ('event' in line && catalogue.has(line.event)) {
        const schema = `event-${line.event.replaceAll('_', '-')}` as WireSchemaName;
        expect(validate(schema, line.data), `${line.event}`).toEqual({ ok: true });
      }
      if ('response' in line) expect(validate('invoke-response', line.response)).toEqual({ ok: true });
    }
    if (s.judge.shape) {
      const schema = s.request.endpoint === 'hub' ? 'hub-invoke-request' : 'portable-invoke-request';
      expect(validate(schema, s.request.body)).toEqual({ ok: true });
    }
  });

  it('exit codes follow the contract: 0 exactly when the transcript ends in complete or a completed response', () => {
    for (const s of all) {
      const last = s.expect.transcript.at(-1)!;
      const success =
        ('event' in last && last.event === 'complete') ||
        ('response' in last && (last.response as { data: { status: string } }).data.status === 'completed');
      expect(s.expect.exit, s.id).toBe(success ? 0 : 1);
    }
  });

  it('cover every requirement addressed to receivers and clients in §20', () => {
    const cited = new Set(all.flatMap((s) => s.requirements));
    const receiver = REQUIREMENTS.filter((r) => r.id.startsWith('AIP-RCV-')).map((r) => r.id);
    expect(receiver.length).toBeGreaterThan(0);
    expect(receiver.filter((id) => !cited.has(id))).toEqual([]);
  });
});
