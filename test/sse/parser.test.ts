import { describe, expect, it } from 'vitest';
import { createParser, type SseEvent } from '../../src/sse/index.ts';
import { fixedChunks, normaliseEnds, boundaries, run, splitAt } from './harness.ts';
import { referenceParse } from './reference-parser.ts';

const enc = new TextEncoder();
const bytes = (s: string): Uint8Array => enc.encode(s);
const simple = (events: SseEvent[]) => events.map(({ type, data, lastEventId }) => ({ type, data, lastEventId }));

/** The same stream in the three shapes that take different paths: one chunk, small chunks, strings. */
function shapes(stream: string): Array<[string, Array<Uint8Array | string>]> {
  return [
    ['one byte chunk', [bytes(stream)]],
    ['5-byte chunks', fixedChunks(bytes(stream), 5)],
    ['one string', [stream]],
  ];
}

describe('caps', () => {
  const long = `data: ok\n\ndata: ${'x'.repeat(200)}\n\ndata: never\n\n`;
  for (const [label, chunks] of shapes(long)) {
    it(`maxLineLength stops the parser (${label})`, () => {
      const r = run(chunks, { maxLineLength: 100 });
      expect(simple(r.events)).toEqual([{ type: 'message', data: 'ok', lastEventId: '' }]);
      expect(r.problems.map((p) => [p.code, p.offset])).toEqual([['line-too-long', 10]]);
      expect(r.terminated).toBe(true);
    });
  }

  it('a line exactly at maxLineLength is accepted', () => {
    const r = run([`data: ${'x'.repeat(94)}\n\n`], { maxLineLength: 100 });
    expect(r.events).toHaveLength(1);
    expect(r.terminated).toBe(false);
  });

  it('an unterminated line is cut off as soon as it passes the cap, before its end arrives', () => {
    const problems: string[] = [];
    const parser = createParser({ onEvent: () => {}, onProblem: (p) => problems.push(p.code), maxLineLength: 1000 });
    for (let i = 0; i < 50; i++) parser.feed(bytes('x'.repeat(100)));
    expect(problems).toEqual(['line-too-long']);
    expect(parser.terminated).toBe(true);
  });

  const big = `data: ${'a'.repeat(60)}\ndata: ${'b'.repeat(60)}\n\ndata: 1\n\n`;
  for (const [label, chunks] of shapes(big)) {
    it(`maxEventSize counts the data buffer with its joining LFs (${label})`, () => {
      expect(run(chunks, { maxEventSize: 121 }).events).toHaveLength(2);
      const r = run(chunks, { maxEventSize: 120 });
      expect(r.events).toHaveLength(0);
      expect(r.problems.map((p) => [p.code, p.offset])).toEqual([['event-too-large', 67]]);
      expect(r.terminated).toBe(true);
    });
  }

  it('ignores input after termination until reset()', () => {
    const events: SseEvent[] = [];
    const parser = createParser({ onEvent: (e) => events.push(e), maxLineLength: 10 });
    parser.feed('data: far too long\n\n');
    parser.feed('data: 1\n\n');
    expect(events).toEqual([]);
    parser.reset();
    parser.feed('data: 2\n\n');
    expect(simple(events)).toEqual([{ type: 'message', data: '2', lastEventId: '' }]);
    expect(parser.terminated).toBe(false);
  });

  it('rejects caps that are not positive integers', () => {
    expect(() => createParser({ onEvent: () => {}, maxLineLength: 0 })).toThrow(TypeError);
    expect(() => createParser({ onEvent: () => {}, maxEventSize: 1.5 })).toThrow(TypeError);
  });
});

describe('reset()', () => {
  it('forgets the partial line, buffers, ids, stats and the BOM decision', () => {
    const events: SseEvent[] = [];
    const parser = createParser({ onEvent: (e) => events.push(e) });
    parser.feed(bytes('\uFEFFid: 1\ndata: a\n\ndata: half'));
    parser.reset();
    expect(parser.stats).toEqual({
      bytes: 0,
      bom: false,
      lineEndings: { lf: 0, cr: 0, crlf: 0 },
      comments: 0,
      events: 0,
      multiLineDataEvents: 0,
      invalidUtf8: 0,
    });
    expect(parser.lastEventId).toBe('');
    parser.feed('\uFEFFdata: b\n\n');
    expect(events.map((e) => [e.data, e.lastEventId, e.start, e.end])).toEqual([
      ['a', '1', 3, 18],
      ['b', '', 1, 10],
    ]);
    expect(parser.stats.bom).toBe(true);
  });

  it('allows a new stream after end()', () => {
    const events: SseEvent[] = [];
    const parser = createParser({ onEvent: (e) => events.push(e) });
    parser.feed('data: 1\n\n');
    parser.end();
    expect(() => parser.feed('data: 2\n\n')).toThrow(TypeError);
    parser.reset();
    parser.feed(bytes('data: 2\n\n'));
    expect(events.map((e) => e.data)).toEqual(['1', '2']);
  });
});

describe('misuse', () => {
  it('throws TypeError for a bad options object or chunk type, and for mixing bytes and strings', () => {
    expect(() => createParser({} as never)).toThrow(TypeError);
    const parser = createParser({ onEvent: () => {} });
    expect(() => parser.feed(42 as never)).toThrow(TypeError);
    expect(() => parser.feed(new Uint16Array(2) as never)).toThrow(TypeError);
    parser.feed(bytes('data: 1\n'));
    expect(() => parser.feed('\n')).toThrow(TypeError);
  });

  it('never throws on arbitrary bytes', () => {
    let seed = 7;
    const next = (): number => (seed = (seed * 1103515245 + 12345) & 0x7fffffff);
    for (let round = 0; round < 200; round++) {
      const junk = new Uint8Array(next() % 300).map(() => next() & 0xff);
      expect(() => run(fixedChunks(junk, 1 + (next() % 80)))).not.toThrow();
    }
  });
});

describe('offsets, stats and problems', () => {
  it('reports event offsets in UTF-16 units for strings and bytes for bytes', () => {
    const s = 'data: 😀\n\nevent: é\ndata: x\n\n';
    expect(run([s]).events.map((e) => [e.start, e.end])).toEqual([
      [0, 10],
      [10, 28],
    ]);
    expect(run([bytes(s)]).events.map((e) => [e.start, e.end])).toEqual([
      [0, 12],
      [12, 31],
    ]);
  });

  it('starts an event at the first line after the previous blank line, comments included', () => {
    const r = run(['\n\n: note\nid: 4\ndata: x\n\n']);
    expect(r.events.map((e) => [e.start, e.end])).toEqual([[2, 24]]);
    expect(r.comments).toEqual([{ text: 'note', offset: 2 }]);
  });

  it('counts events, multi-line events, comments, bytes and the last valid retry', () => {
    const r = run([bytes(': c\ndata: a\ndata: b\n\nretry: 10\nretry: x\ndata: c\n\n')]);
    expect(r.stats).toEqual({
      bytes: 49,
      bom: false,
      lineEndings: { lf: 8, cr: 0, crlf: 0 },
      comments: 1,
      events: 2,
      multiLineDataEvents: 1,
      invalidUtf8: 0,
      retry: 10,
    });
    expect(r.retries).toEqual([10]);
  });

  it('looks for the colon of data: and event: only inside the line', () => {
    // The colon right after each short line sits where a data: or event: line has its own.
    const r = run(['dab\n:\nevxx\n:\n\n']);
    expect(r.problems.map((p) => p.detail)).toEqual(['dab', 'evxx']);
    expect(r.comments).toHaveLength(2);
  });

  it('names the unknown field and clips long details', () => {
    const r = run([`${'f'.repeat(100)}: v\n`]);
    expect(r.problems[0]).toEqual({ code: 'unknown-field', offset: 0, detail: `${'f'.repeat(64)}…` });
  });

  it('commits the last event id on a blank line even without data, never for a discarded event', () => {
    const parser = createParser({ onEvent: () => {} });
    parser.feed('id: 1\n\nid: 2\ndata: x\n');
    expect(parser.lastEventId).toBe('1');
    parser.end();
    expect(parser.lastEventId).toBe('1');
  });

  it('delivers an event whose blank line is a CR at the end of a chunk without waiting', () => {
    const events: SseEvent[] = [];
    const parser = createParser({ onEvent: (e) => events.push(e) });
    parser.feed(bytes('data: 1\r\r'));
    expect(events.map((e) => [e.data, e.end])).toEqual([['1', 9]]);
    parser.feed(bytes('\ndata: 2\r\n\r\n'));
    parser.end();
    expect(events.map((e) => e.data)).toEqual(['1', '2']);
    expect(parser.stats.lineEndings).toEqual({ lf: 0, cr: 1, crlf: 3 });
  });
});

describe('index windows (chunks over 64 KiB) and lines longer than a chunk', () => {
  // Streams whose interesting byte sits where the 64 KiB index window ends.
  const pad = (n: number): string => `: ${'p'.repeat(n - 3)}\n`;
  const cases: Array<[string, string]> = [
    ['CRLF across the window edge', `${pad(65535)}\r\ndata: a\r\n\r\n`],
    ['line across the window edge', `${pad(65530)}data: ${'x'.repeat(100)}\n\n`],
    ['blank line at the window edge', `${pad(65528)}data: a\n\n`],
    ['lone CR at the window edge', `${pad(65535)}\rdata: b\r\r`],
    ['several windows', `${'data: 0123456789\n\n'.repeat(20000)}`],
    ['lines longer than a chunk, CRLF', `data: ${'L'.repeat(9000)}\r\n\r\nid: 1\r\ndata: ${'é'.repeat(3000)}\r\n\r\n`],
    ['lines longer than a chunk, CR', `data: ${'L'.repeat(9000)}\r\rdata: ${'😀'.repeat(2000)}\r\r`],
  ];
  for (const [label, stream] of cases) {
    it(label, () => {
      const input = bytes(stream);
      const ref = referenceParse(stream);
      // Byte offset of each UTF-16 index of the stream (the reference counts UTF-16 units).
      const byteAt = new Uint32Array(stream.length + 1);
      for (let i = 0; i < stream.length; i++) {
        const u = stream.charCodeAt(i);
        const size = u < 0x80 ? 1 : u < 0x800 ? 2 : u >= 0xd800 && u < 0xdc00 ? 4 : u >= 0xdc00 && u < 0xe000 ? 0 : 3;
        byteAt[i + 1] = byteAt[i]! + size;
      }
      const toBytes = (i: number): number => byteAt[i]!;
      const chunkings = [
        [input],
        splitAt(input, [65536 + 7]),
        fixedChunks(input, 70000),
        fixedChunks(input, 1000),
        fixedChunks(input, 4099),
      ];
      // 1000-byte chunks, but one chunk ends right before or right after one of the first
      // terminators (and is long enough not to take the small-chunk path).
      const terminators = [...input.keys()].filter((i) => input[i] === 0x0a || input[i] === 0x0d).slice(0, 6);
      for (const t of terminators) {
        for (const cut of [t, t + 1]) {
          const cuts = fixedChunks(input, 1000)
            .map((_, i) => (i + 1) * 1000)
            .filter((c) => c < cut - 100 || c > cut);
          chunkings.push(
            splitAt(
              input,
              [...cuts, cut].filter((c) => c > 0 && c < input.length).sort((a, b) => a - b),
            ),
          );
        }
      }
      for (const chunks of chunkings) {
        const r = normaliseEnds(run(chunks), input, boundaries(chunks));
        expect(simple(r.events)).toEqual(simple(ref.events as SseEvent[]));
        expect(r.events.map((e) => [e.start, e.end])).toEqual(
          ref.events.map((e) => [toBytes(e.start), toBytes(e.end)]),
        );
        expect(r.stats.lineEndings).toEqual(ref.lineEndings);
        expect(r.comments).toHaveLength(ref.comments.length);
      }
    });
  }
});

describe('event types', () => {
  // The parser remembers the last type's bytes as four words; every type here differs from its
  // neighbours in exactly one byte, at every position and for every length around the 8-16 range.
  const types: string[] = [];
  for (let n = 6; n <= 18; n++) {
    const base = 'abcdefghijklmnopqrstuvwxyz'.slice(0, n);
    for (let i = 0; i < n; i++) types.push(base, `${base.slice(0, i)}Z${base.slice(i + 1)}`);
    types.push(`${base.slice(0, n - 1)}é`);
  }
  const stream = types.map((t, i) => `event: ${t}\r\n${i % 3 === 0 ? `event:${t}\n` : ''}data: ${i}\n\n`).join('');
  const input = bytes(stream);
  for (const [label, chunks] of [
    ['one chunk', [input]],
    ['100-byte chunks', fixedChunks(input, 100)],
    ['33-byte chunks', fixedChunks(input, 33)],
  ] as Array<[string, Uint8Array[]]>) {
    it(`are read exactly when consecutive types differ in one byte (${label})`, () => {
      expect(run(chunks).events.map((e) => e.type)).toEqual(types);
    });
  }
});

describe('re-entrancy', () => {
  it('a callback may feed another parser (parsers share no scanning state)', () => {
    const inner: string[] = [];
    const innerParser = createParser({ onEvent: (e) => inner.push(e.data) });
    const outer: string[] = [];
    const outerParser = createParser({
      onEvent: (e) => {
        outer.push(e.data);
        // Many lines, so state shared with the outer call would be overwritten past its cursor.
        innerParser.feed(bytes(`${': c\n'.repeat(40)}data: inner ${e.data} ${'y'.repeat(60)}\n\n`));
      },
    });
    outerParser.feed(bytes(Array.from({ length: 20 }, (_, i) => `data: ${i}\n\n`).join('')));
    expect(outer).toHaveLength(20);
    expect(inner).toEqual(outer.map((d) => `inner ${d} ${'y'.repeat(60)}`));
  });
});

describe('callbacks that call back into the parser', () => {
  const stream = bytes('data: 1\n\ndata: 2\n\ndata: 3\n\n'.repeat(4));

  it('reset() from onEvent drops the rest of the chunk and starts a fresh stream', () => {
    const seen: string[] = [];
    const parser = createParser({
      onEvent: (e) => {
        seen.push(e.data);
        if (e.data === '2') parser.reset();
      },
    });
    parser.feed(stream);
    expect(seen).toEqual(['1', '2']);
    expect(parser.terminated).toBe(false);
    parser.feed('data: after\n\n');
    expect(seen).toEqual(['1', '2', 'after']);
    expect(parser.stats.bytes).toBe(13);
  });

  it('end() from onEvent ends the stream there', () => {
    const seen: string[] = [];
    const parser = createParser({
      onEvent: (e) => {
        seen.push(e.data);
        parser.end();
      },
    });
    parser.feed(stream);
    expect(seen).toEqual(['1']);
    expect(() => parser.feed(stream)).toThrow(TypeError);
  });

  it('feed() from a callback of the same parser is misuse', () => {
    const parser = createParser({ onEvent: () => parser.feed(bytes('data: x\n\n')) });
    expect(() => parser.feed(stream)).toThrow(TypeError);
  });

  it('an exception from a callback propagates and terminates the parser until reset()', () => {
    let calls = 0;
    const parser = createParser({
      onEvent: () => {
        if (++calls === 2) throw new Error('consumer failed');
      },
    });
    expect(() => parser.feed(stream)).toThrow('consumer failed');
    expect(parser.terminated).toBe(true);
    parser.feed(stream);
    expect(calls).toBe(2);
    parser.reset();
    parser.feed(stream);
    expect(calls).toBe(14);
  });
});
