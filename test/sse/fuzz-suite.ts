import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { boundaries, normaliseEnds, run, splitAt, type Run } from './harness.ts';
import { referenceParse, type ReferenceResult } from './reference-parser.ts';

const SEED = 20260601;
/** Thousands of cases with a fixed seed: the same streams on every run. */
const RUNS = 3000;

/** Characters that stress the parser: separators, spaces, NUL, BOM, wide and astral characters. */
const unit = fc.constantFrom(
  'a',
  'b',
  'z',
  '0',
  '7',
  ' ',
  ' ',
  '\t',
  ':',
  ':',
  '\0',
  '\uFEFF',
  '\u2028',
  '\u0085',
  'é',
  '日',
  '😀',
  '{',
  '"',
  '\\',
);
const text = fc.array(unit, { maxLength: 12 }).map((a) => a.join(''));
const longText = fc.array(unit, { minLength: 40, maxLength: 400 }).map((a) => a.join(''));
const eol = fc.constantFrom('\n', '\n', '\r\n', '\r\n', '\r');
const name = fc.constantFrom('data', 'data', 'data', 'event', 'id', 'retry', 'Data', 'foo', '', ' data', 'data\0');
const value = fc.oneof(text, longText, fc.stringMatching(/^[0-9]{1,6}$/));

const line = fc.oneof(
  {
    weight: 6,
    arbitrary: fc
      .tuple(name, fc.constantFrom(':', ': ', ':  ', ''), value)
      .map(([n, sep, v]) => (sep === '' ? n : n + sep + v)),
  },
  { weight: 1, arbitrary: text.map((t) => `:${t}`) },
  { weight: 3, arbitrary: fc.constant('') },
);

/** A stream: lines with random terminators, maybe a BOM, maybe an unterminated tail. */
const stream = fc
  .tuple(fc.boolean(), fc.array(fc.tuple(line, eol), { maxLength: 40 }), fc.option(text, { nil: undefined }))
  .map(([bom, lines, tail]) => (bom ? '\uFEFF' : '') + lines.map(([l, e]) => l + e).join('') + (tail ?? ''));

/** Cut points as fractions of the input, so shrinking keeps them valid for any length. */
const cuts = fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 8 });

function cutPositions(length: number, fractions: number[]): number[] {
  return [...new Set(fractions.map((f) => Math.floor(f * length)))]
    .filter((c) => c > 0 && c < length)
    .sort((a, b) => a - b);
}

function utf8Offsets(textValue: string): (i: number) => number {
  const encoder = new TextEncoder();
  return (i) => encoder.encode(textValue.slice(0, i)).length;
}

/** What our parser must agree on with the reference, offsets mapped through `toInput`. */
function expectAgreement(r: Run, ref: ReferenceResult, toInput: (i: number) => number): void {
  expect(r.events.map(({ type, data, lastEventId }) => ({ type, data, lastEventId }))).toEqual(
    ref.events.map(({ type, data, lastEventId }) => ({ type, data, lastEventId })),
  );
  expect(r.events.map((e) => [e.start, e.end])).toEqual(ref.events.map((e) => [toInput(e.start), toInput(e.end)]));
  expect(r.comments.map((c) => c.text)).toEqual(ref.comments);
  expect(r.retries).toEqual(ref.retries);
  expect(r.problems.map((p) => p.code).filter((c) => c !== 'invalid-utf8')).toEqual(ref.problems);
  expect(r.lastEventId).toBe(ref.lastEventId);
  expect(r.stats.bom).toBe(ref.bom);
  expect(r.stats.lineEndings).toEqual(ref.lineEndings);
}

/** Property tests against the reference parser; `stringsToo` adds the string-input property. */
export function fuzzSuite(title: string, stringsToo: boolean): void {
  describe(title, () => {
    it('byte streams, any chunking', () => {
      fc.assert(
        fc.property(stream, cuts, (s, fractions) => {
          const bytes = new TextEncoder().encode(s);
          const chunks = splitAt(bytes, cutPositions(bytes.length, fractions));
          const r = normaliseEnds(run(chunks), bytes, boundaries(chunks));
          expectAgreement(r, referenceParse(s), utf8Offsets(s));
          expect(r.stats.invalidUtf8).toBe(0);
        }),
        { seed: SEED, numRuns: RUNS },
      );
    });

    if (stringsToo) {
      it('string streams, any chunking (surrogate pairs may be split)', () => {
        fc.assert(
          fc.property(stream, cuts, (s, fractions) => {
            const chunks = splitAt(s, cutPositions(s.length, fractions));
            const r = normaliseEnds(run(chunks), s, boundaries(chunks));
            expectAgreement(r, referenceParse(s), (i) => i);
          }),
          { seed: SEED, numRuns: RUNS },
        );
      });
    }

    it('byte streams with ill-formed UTF-8 decode like TextDecoder, counted per U+FFFD', () => {
      const junk = fc.constantFrom(
        [0xff],
        [0xc3],
        [0xe2, 0x82],
        [0xed, 0xa0, 0x80],
        [0xf0, 0x9f, 0x98],
        [0xc0, 0x80],
        [0x80],
      );
      fc.assert(
        fc.property(
          stream,
          fc.array(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), junk), { minLength: 1, maxLength: 4 }),
          cuts,
          (s, inserts, fractions) => {
            const clean = new TextEncoder().encode(s);
            const parts: number[] = [...clean];
            for (const [at, bad] of [...inserts].sort((a, b) => b[0] - a[0]))
              parts.splice(Math.floor(at * clean.length), 0, ...bad);
            const bytes = new Uint8Array(parts);
            const decoded = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
            const chunks = splitAt(bytes, cutPositions(bytes.length, fractions));
            const r = run(chunks);
            const ref = referenceParse(decoded);
            expect(r.events.map(({ type, data, lastEventId }) => ({ type, data, lastEventId }))).toEqual(
              ref.events.map(({ type, data, lastEventId }) => ({ type, data, lastEventId })),
            );
            expect(r.comments.map((c) => c.text)).toEqual(ref.comments);
            const replacements =
              [...decoded].filter((c) => c === '\uFFFD').length - [...s].filter((c) => c === '\uFFFD').length;
            expect(r.stats.invalidUtf8).toBe(replacements);
            expect(r.problems.filter((p) => p.code === 'invalid-utf8')).toHaveLength(replacements);
          },
        ),
        { seed: SEED, numRuns: RUNS },
      );
    });
  });
}
