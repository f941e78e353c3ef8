import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { boundaries, fixedChunks, normaliseEnds, run, splitAt, type Run } from './harness.ts';
import { referenceParse } from './reference-parser.ts';

const dir = resolve(import.meta.dirname, '../fixtures/sse');

interface Expected {
  description: string;
  events: Array<{ type: string; data: string; lastEventId: string; start?: number; end?: number }>;
  comments?: string[];
  problems?: Array<{ code: string; offset?: number; detail?: string }>;
  retries?: number[];
  stats?: Record<string, unknown>;
  lastEventId?: string;
}

const cases = readdirSync(dir)
  .filter((f) => f.endsWith('.sse'))
  .map((f) => f.slice(0, -'.sse'.length))
  .sort()
  .map((name) => ({
    name,
    bytes: new Uint8Array(readFileSync(join(dir, `${name}.sse`))),
    expected: JSON.parse(readFileSync(join(dir, `${name}.events.json`), 'utf8')) as Expected,
  }));

/** Every chunking we try: whole, each two-way split, three-way splits of short inputs, fixed sizes. */
function chunkings<T extends Uint8Array | string>(input: T): T[][] {
  const all: T[][] = [[input]];
  for (let i = 1; i < input.length; i++) all.push(splitAt(input, [i]));
  if (input.length <= 80) {
    for (let i = 1; i < input.length; i++) for (let j = i + 1; j < input.length; j++) all.push(splitAt(input, [i, j]));
  }
  for (const size of [1, 2, 3, 7, 49, 64, 100]) if (size < input.length) all.push(fixedChunks(input, size));
  return all;
}

function comparable(r: Run, input: Uint8Array | string, chunks: Array<Uint8Array | string>): unknown {
  const n = normaliseEnds(r, input, boundaries(chunks));
  return { ...n, comments: n.comments, stats: n.stats };
}

/** What the fixture promises, checked against the unsplit run. */
function checkExpected(r: Run, e: Expected, offsetOf: (byteOffset: number) => number, strings: boolean): void {
  expect(r.events.map(({ type, data, lastEventId }) => ({ type, data, lastEventId }))).toEqual(
    e.events.map(({ type, data, lastEventId }) => ({ type, data, lastEventId })),
  );
  e.events.forEach((ev, i) => {
    if (ev.start !== undefined) expect(r.events[i]!.start, `event ${i} start`).toBe(offsetOf(ev.start));
    if (ev.end !== undefined) expect(r.events[i]!.end, `event ${i} end`).toBe(offsetOf(ev.end));
  });
  if (e.comments) expect(r.comments.map((c) => c.text)).toEqual(e.comments);
  if (e.retries) expect(r.retries).toEqual(e.retries);
  if (e.lastEventId !== undefined) expect(r.lastEventId).toBe(e.lastEventId);
  if (e.problems) {
    const wanted = e.problems.filter((p) => !(strings && p.code === 'invalid-utf8'));
    expect(r.problems.map((p) => p.code)).toEqual(wanted.map((p) => p.code));
    wanted.forEach((p, i) => {
      if (p.offset !== undefined) expect(r.problems[i]!.offset, `problem ${i} offset`).toBe(offsetOf(p.offset));
      if (p.detail !== undefined) expect(r.problems[i]!.detail, `problem ${i} detail`).toBe(p.detail);
    });
  }
  const { invalidUtf8, bytes, ...rest } = e.stats ?? {};
  expect(r.stats).toMatchObject(rest);
  if (!strings && invalidUtf8 !== undefined) expect(r.stats.invalidUtf8).toBe(invalidUtf8);
  if (!strings && bytes !== undefined) expect(r.stats.bytes).toBe(bytes);
  expect(r.stats.events).toBe(e.events.length);
  expect(r.terminated).toBe(false);
}

/** The stream as a JS string, the way a caller holding decoded text would feed it (BOM kept). */
function asText(bytes: Uint8Array): string {
  return new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
}

/** The table-driven corpus test; `stringsToo` adds the string runs and the reference check. */
export function corpusSuite(title: string, stringsToo: boolean): void {
  describe(title, () => {
    it('has at least 30 cases, each with expectations', () => {
      expect(cases.length).toBeGreaterThanOrEqual(30);
      for (const c of cases) expect(c.expected.description, c.name).toBeTruthy();
    });

    for (const { name, bytes, expected } of cases) {
      it(`${name}: bytes, whole and at every chunking, give identical results`, () => {
        const whole = run([bytes]);
        checkExpected(whole, expected, (o) => o, false);
        const reference = comparable(whole, bytes, [bytes]);
        for (const chunks of chunkings(bytes)) {
          const cuts = chunks.map((c) => c.length).join(',');
          expect(comparable(run(chunks), bytes, chunks), `chunks ${cuts}`).toEqual(reference);
        }
      });

      if (!stringsToo) continue;

      it(`${name}: strings, whole and at every chunking, give identical results`, () => {
        const text = asText(bytes);
        const toUnits = (o: number): number => asText(bytes.subarray(0, o)).length;
        const whole = run([text]);
        checkExpected(whole, expected, toUnits, true);
        const reference = comparable(whole, text, [text]);
        for (const chunks of chunkings(text)) {
          const cuts = chunks.map((c) => c.length).join(',');
          expect(comparable(run(chunks), text, chunks), `chunks ${cuts}`).toEqual(reference);
        }
      });

      it(`${name}: the reference parser agrees with the fixture`, () => {
        const ref = referenceParse(asText(bytes));
        expect(ref.events.map(({ type, data, lastEventId }) => ({ type, data, lastEventId }))).toEqual(
          expected.events.map(({ type, data, lastEventId }) => ({ type, data, lastEventId })),
        );
        if (expected.comments) expect(ref.comments).toEqual(expected.comments);
        if (expected.problems) {
          expect(ref.problems).toEqual(expected.problems.map((p) => p.code).filter((c) => c !== 'invalid-utf8'));
        }
      });
    }
  });
}
