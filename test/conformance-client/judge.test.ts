/**
 * The judge's building blocks: reading a transcript line under the contract, matching with
 * members a library may drop, the diff, and the chunkings of the hub.
 */
import { describe, expect, it } from 'vitest';
import { cut } from '../../conformance/client/hub.ts';
import { diff, matches, parseLine } from '../../conformance/client/judge.ts';
import type { TranscriptLine } from '../../conformance/client/types.ts';

describe('parseLine', () => {
  it.each([
    ['{"event":"start","data":{"a":1}}', true],
    ['{"response":{"data":{}}}', true],
    ['{"failure":{"status":null,"code":null,"message":"x"}}', true],
    ['{"failure":{"status":"500","code":null}}', false],
    ['{"event":"start"}', false],
    ['[1]', false],
    ['event: start', false],
  ])('%s → %s', (text, ok) => {
    expect(parseLine(text).ok).toBe(ok);
  });
});

describe('matches', () => {
  const optional = new Set(['x_cost']);
  it.each([
    [{ a: 1, x_cost: 2 }, { a: 1 }, true],
    [{ a: 1, x_cost: 2 }, { a: 1, x_cost: 2 }, true],
    [{ a: 1, x_cost: 2 }, { a: 1, x_cost: 3 }, false],
    [{ a: 1, b: 2 }, { a: 1 }, false],
    [{ a: 1 }, { a: 1, b: 2 }, false],
    [{ a: [1, { x_cost: 1 }] }, { a: [1, {}] }, true],
    [{ a: 'x' }, { a: 'x ' }, false],
  ])('%j against %j → %s', (expected, actual, result) => {
    expect(matches(expected, actual, optional)).toBe(result);
  });
});

describe('diff', () => {
  it('marks lines only expected with - and lines only printed with +, in order', () => {
    const e: TranscriptLine[] = [
      { event: 'start', data: {} },
      { event: 'complete', data: {} },
    ];
    const a: TranscriptLine[] = [{ event: 'start', data: {} }, { failure: { status: null, code: null } }];
    const same = (x: TranscriptLine, y: TranscriptLine | string) => JSON.stringify(x) === JSON.stringify(y);
    expect(diff(e, a, same)).toEqual([
      '  {"event":"start","data":{}}',
      '- {"event":"complete","data":{}}',
      '+ {"failure":{"status":null,"code":null}}',
    ]);
  });
});

describe('cut', () => {
  const body = Buffer.from('data: é\r\n\r\n', 'utf8');
  it('whole writes once, bytes writes every byte, and both keep every byte in order', () => {
    expect(cut(body, 'whole')).toHaveLength(1);
    expect(cut(body, 'bytes')).toHaveLength(body.length);
    for (const c of ['whole', 'bytes', 'split', 'blocks'] as const) expect(Buffer.concat(cut(body, c))).toEqual(body);
  });
  it('split cuts after the colon, inside the two-byte é and between each CR and its LF', () => {
    expect(cut(body, 'split').map((b) => b.toString('latin1'))).toEqual(
      ['data:', ' \u00c3', '\u00a9\r', '\n\r', '\n'].map((s) => s),
    );
  });
});
