/** The kit's own statements of spec rules that checks compare targets against. */
import { describe, expect, it } from 'vitest';
import { jsonSchemaDocument } from '../../src/index.ts';
import { expectedAssembly } from '../../conformance/checks/09-context.ts';
import { undeclaredMembers } from '../../conformance/checks/16-ext.ts';
import { idCapacityBits, tlsVerdict } from '../../conformance/checks/17-security.ts';

const c = (id: string, klass: number, importance: number, position: number, tokens: number) => ({
  id,
  klass,
  importance,
  position,
  tokens,
});

describe('context ranking (§9.3)', () => {
  it.each([
    {
      name: 'everything fits: all included, oldest first',
      candidates: [c('b', 2, 0.9, 1, 5), c('a', 2, 0.1, 0, 5)],
      budget: 100,
      want: { blockIds: ['a', 'b'], dropped: [] },
    },
    {
      name: 'pinned before explicit before tagged, whatever the importance',
      candidates: [c('tag', 2, 1, 0, 10), c('exp', 1, 0, 1, 10), c('pin', 0, 0, 2, 10)],
      budget: 20,
      want: { blockIds: ['exp', 'pin'], dropped: ['tag'] },
    },
    {
      name: 'importance descending, then newest first',
      candidates: [c('old', 2, 0.5, 0, 10), c('new', 2, 0.5, 1, 10), c('top', 2, 0.9, 2, 10)],
      budget: 20,
      want: { blockIds: ['new', 'top'], dropped: ['old'] },
    },
    {
      name: 'a block that does not fit is skipped, a later smaller one still fits',
      candidates: [c('big', 2, 0.9, 0, 15), c('mid', 2, 0.5, 1, 8), c('small', 2, 0.1, 2, 2)],
      budget: 10,
      want: { blockIds: ['mid', 'small'], dropped: ['big'] },
    },
  ])('$name', ({ candidates, budget, want }) => {
    expect(expectedAssembly(candidates, budget)).toEqual(want);
  });
});

describe('undeclared members (§16)', () => {
  const invocation = jsonSchemaDocument('invoke-response');
  const data = {
    id: 'inv_1',
    status: 'completed',
    output: '',
    agent: 'a',
    session: null,
    blocksCreated: [],
    usage: { contextTokens: 0, inputTokens: 0, outputTokens: 0 },
  };

  it.each([
    ['nothing extra', { data }, []],
    ['x_ members are fine', { data: { ...data, x_trace: 1 } }, []],
    [
      'an unprefixed member, however deep',
      { data: { ...data, usage: { ...data.usage, cost: 1 } }, extra: true },
      ['/data/usage/cost', '/extra'],
    ],
    [
      'free-form maps are not inspected',
      { data: { ...data, status: 'failed', error: { code: 'x', message: 'y', details: { anything: 1 } } } },
      [],
    ],
  ])('%s', (_name, value, want) => {
    expect(undeclaredMembers(invocation, value)).toEqual(want);
  });
});

describe('id capacity (§17)', () => {
  it.each([
    ['1234', 4 * Math.log2(10)],
    ['deadbeefdeadbeef', 64],
    ['F2D6dcoj4TMe2un63TBKUA', 22 * Math.log2(62)],
    ['F2D6-coj4TM_', 12 * Math.log2(64)],
  ])('%s holds %d bits', (suffix, bits) => {
    expect(idCapacityBits(suffix)).toBeCloseTo(bits, 5);
  });
});

// The mutant zoo cannot kill `security.tls-off-localhost` on the wire: that would need the suite to
// serve and reach a non-loopback address, which tests never do. Its whole decision is this function.
describe('TLS judgement (AIP-SEC-003)', () => {
  it.each([
    ['https://hub.example.com', 'ok'],
    ['http://127.0.0.1:8787', 'ok'],
    ['http://localhost:8787', 'ok'],
    ['http://[::1]:8787', 'ok'],
    ['http://10.1.2.3:8787', 'private-network'],
    ['http://192.168.0.7', 'private-network'],
    ['http://172.20.0.5', 'private-network'],
    ['http://aip-hub:8787', 'private-network'],
    ['http://hub.internal', 'private-network'],
    ['http://hub.example.com', 'plain-http-public'],
    ['http://203.0.113.9:8787', 'plain-http-public'],
    ['http://172.32.0.1', 'plain-http-public'],
  ] as const)('%s → %s', (url, verdict) => {
    expect(tlsVerdict(url)).toBe(verdict);
  });
});
