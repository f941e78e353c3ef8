import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeComment, encodeEvent, type SseEventInit } from '../../src/sse/index.ts';
import { run } from './harness.ts';

describe('encodeEvent', () => {
  const cases: Array<[string, SseEventInit, string]> = [
    [
      'object data as JSON, all fields',
      { event: 'start', id: '7', retry: 1000, data: { a: 1 } },
      'event: start\nid: 7\nretry: 1000\ndata: {"a":1}\n\n',
    ],
    ['string data only', { data: 'hello' }, 'data: hello\n\n'],
    ['one data line per line', { data: 'a\nb\r\nc\rd' }, 'data: a\ndata: b\ndata: c\ndata: d\n\n'],
    ['empty data still dispatches', { data: '' }, 'data: \n\n'],
    ['empty event name is the default type', { event: '', data: 'x' }, 'data: x\n\n'],
    ['empty id resets the last event id', { id: '', data: 'x' }, 'id: \ndata: x\n\n'],
    ['leading spaces survive', { event: ' padded', data: '  two' }, 'event:  padded\ndata:   two\n\n'],
    ['U+2028 stays inside a line', { data: { t: 'a\u2028b' } }, 'data: {"t":"a\u2028b"}\n\n'],
    [
      'line breaks inside JSON strings are escaped, one data line',
      { data: { t: 'a\nb\r' } },
      'data: {"t":"a\\nb\\r"}\n\n',
    ],
  ];
  for (const [label, init, wire] of cases) {
    it(label, () => {
      expect(encodeEvent(init)).toBe(wire);
    });
  }

  const invalid: Array<[string, unknown]> = [
    ['event with LF', { event: 'a\nb', data: '' }],
    ['event with CR', { event: 'a\rb', data: '' }],
    ['event with NUL', { event: 'a\0b', data: '' }],
    ['id with LF', { id: '1\n', data: '' }],
    ['id with NUL', { id: '\0', data: '' }],
    ['negative retry', { retry: -1, data: '' }],
    ['fractional retry', { retry: 1.5, data: '' }],
    ['data JSON cannot represent', { data: () => 1 }],
    ['not an object', 'data'],
  ];
  for (const [label, init] of invalid) {
    it(`rejects ${label} with TypeError`, () => {
      expect(() => encodeEvent(init as SseEventInit)).toThrow(TypeError);
    });
  }

  it('says what is wrong when data is missing', () => {
    expect(() => encodeEvent({ event: 'x' } as SseEventInit)).toThrow(
      'data must be a string or a JSON-serialisable value',
    );
  });

  it('writes single-member objects exactly as JSON.stringify does, whatever the text', () => {
    const text = fc.string({
      unit: fc.oneof(
        fc.constantFrom('"', '\\', '\n', '\u0000', '\u001f', '\u007f', '\ud800', '\udc00', '😀', 'é', '\u2028'),
        fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)),
      ),
    });
    const single = fc.oneof(
      text.map((t) => ({ content: t })),
      fc.tuple(text, text).map(([k, v]) => ({ [k]: v })),
      fc.tuple(text, fc.nat({ max: 600 })).map(([t, n]) => ({ content: t.repeat(n) })),
    );
    fc.assert(
      fc.property(single, (data) => {
        expect(encodeEvent({ event: 'text_delta', data })).toBe(`event: text_delta\ndata: ${JSON.stringify(data)}\n\n`);
      }),
      { numRuns: 2000, seed: 20261129 },
    );
  });

  it('leaves objects that only look like one string member to JSON.stringify', () => {
    class WithToJson {
      content = 'a';
      toJSON(): unknown {
        return { replaced: true };
      }
    }
    const noPrototype = Object.assign(Object.create(null) as object, { content: 'a' });
    const getter = Object.defineProperty({}, 'content', { enumerable: true, get: () => 'got' });
    const hidden = Object.defineProperty({ content: 'a' }, 'secret', { enumerable: false, value: 'b' });
    for (const data of [
      new WithToJson(),
      noPrototype,
      getter,
      hidden,
      { toJSON: 'x' },
      { content: 'a', more: 1 },
      { n: 1 },
      [],
      {},
    ]) {
      expect(encodeEvent({ data })).toBe(`data: ${JSON.stringify(data)}\n\n`);
    }
  });

  it('still checks every new event name once many valid names have been seen', () => {
    for (let i = 0; i < 1000; i++) encodeEvent({ event: `name_${i}`, data: {} });
    expect(() => encodeEvent({ event: 'late\nname', data: {} })).toThrow(TypeError);
    expect(() => encodeEvent({ event: 'name_999\r', data: {} })).toThrow(TypeError);
    expect(encodeEvent({ event: 'name_999', data: {} })).toBe('event: name_999\ndata: {}\n\n');
  });
});

describe('encodeComment', () => {
  it('prefixes every line with ": "', () => {
    expect(encodeComment('keep-alive')).toBe(': keep-alive\n');
    expect(encodeComment('a\nb')).toBe(': a\n: b\n');
    expect(run([`${encodeComment(' x\r\ny')}data: 1\n\n`]).comments.map((c) => c.text)).toEqual([' x', 'y']);
  });
});

describe('encode → parse round trip', () => {
  const free = fc.string({
    unit: fc.constantFrom('a', ' ', ':', '\t', '\0', 'é', '😀', '\u2028', '\r', '\n', '\r\n', '\uFEFF'),
  });
  const singleLine = fc.string({ unit: fc.constantFrom('a', 'Z', ' ', ':', '-', 'é', '😀', '\u2028') });
  const init = fc.record(
    {
      event: singleLine,
      id: singleLine,
      retry: fc.nat({ max: 1e9 }),
      data: fc.oneof(
        free,
        fc.jsonValue().filter((v): v is object => typeof v === 'object' && v !== null),
      ),
    },
    { requiredKeys: ['data'] },
  );

  it('gives back type, data (line breaks as LF), id and retry', () => {
    fc.assert(
      fc.property(fc.array(init, { minLength: 1, maxLength: 5 }), (inits) => {
        const r = run([new TextEncoder().encode(inits.map(encodeEvent).join(''))]);
        let lastId = '';
        const expected = inits.map((e) => {
          if (e.id !== undefined) lastId = e.id;
          const data = typeof e.data === 'string' ? e.data.replace(/\r\n|\r/g, '\n') : JSON.stringify(e.data);
          return { type: e.event || 'message', data, lastEventId: lastId };
        });
        expect(r.events.map(({ type, data, lastEventId }) => ({ type, data, lastEventId }))).toEqual(expected);
        expect(r.retries).toEqual(inits.flatMap((e) => (e.retry === undefined ? [] : [e.retry])));
        expect(r.problems).toEqual([]);
      }),
      { seed: 4242, numRuns: 200 },
    );
  });
});
