import { describe, expect, it } from 'vitest';
import { MAX_JSON_DEPTH, tooDeep } from '../../../reference-server/http/body.ts';

/** `levels` nested arrays around `inner`: [[…[inner]…]]. */
const arrays = (levels: number, inner: unknown = 0): unknown => {
  let v = inner;
  for (let i = 0; i < levels; i++) v = [v];
  return v;
};
const zeros = (n: number) => '/0'.repeat(n);

const CASES: Array<[string, unknown, string | undefined]> = [
  ['a scalar', 'text', undefined],
  ['null', null, undefined],
  ['a flat object', { a: 1, b: 'x', c: null }, undefined],
  ['nesting exactly at the limit', arrays(MAX_JSON_DEPTH), undefined],
  ['nesting one past the limit', arrays(MAX_JSON_DEPTH + 1), zeros(MAX_JSON_DEPTH)],
  [
    'a deep member under escaped keys',
    { 'a/b': { '~c': arrays(MAX_JSON_DEPTH) } },
    `/a~1b/~0c${zeros(MAX_JSON_DEPTH - 2)}`,
  ],
  [
    'two deep members: the one walked first (the last key) is named',
    { x: arrays(MAX_JSON_DEPTH), y: arrays(MAX_JSON_DEPTH) },
    `/y${zeros(MAX_JSON_DEPTH - 1)}`,
  ],
  [
    'a deep member inside an array',
    { list: [1, { k: arrays(MAX_JSON_DEPTH) }] },
    `/list/1/k${zeros(MAX_JSON_DEPTH - 3)}`,
  ],
];

describe('tooDeep', () => {
  it.each(CASES)('%s', (_what, value, pointer) => {
    expect(tooDeep(value)).toBe(pointer);
  });
});
