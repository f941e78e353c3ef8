import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createLineIndex, WINDOW } from '../../src/sse/line-index.ts';

/**
 * What the index must record, spelled out in plain JavaScript: every LF, and every CR whose next
 * byte in the window is not LF (a CR in the window's last byte counts as not followed by LF), with
 * the UTF-16 index each has in the window's decoding.
 */
function expected(input: Uint8Array): { positions: number[]; units: number[]; ascii: boolean } {
  const positions: number[] = [];
  const units: number[] = [];
  let unit = 0;
  for (let i = 0; i < input.length; i++) {
    const b = input[i]!;
    if (b === 0x0a || (b === 0x0d && input[i + 1] !== 0x0a)) {
      positions.push(i);
      units.push(unit);
    }
    if ((b & 0xc0) !== 0x80) unit += b >= 0xf0 ? 2 : 1;
  }
  return { positions, units, ascii: input.every((b) => b < 0x80) };
}

// Terminators, their look-alikes and multi-byte text, so CR, LF and CRLF land on every offset of
// the 16- and 32-byte blocks the index reads, including the last byte of a block and of the window.
// ASCII windows take the index's quick path, the others its full scan.
const asciiPiece = fc.constantFrom('\n', '\r', '\r\n', '\r\r\n', 'a', 'data: x', '\u000b', ' ');
const widePiece = fc.constantFrom('\n', '\r', '\r\n', 'a', 'é', '😀', '上', '\u008d');
const encode = (parts: string[]): Uint8Array => new TextEncoder().encode(parts.join(''));
const text = fc.oneof(
  fc.array(asciiPiece, { maxLength: 120 }).map(encode),
  fc.array(fc.oneof(asciiPiece, widePiece), { maxLength: 120 }).map(encode),
);

describe('line index (WebAssembly SIMD)', () => {
  const index = createLineIndex();

  it('is available on this runtime (else the parser silently runs the byte-by-byte path)', () => {
    expect(index).toBeDefined();
  });

  it('records the same terminators and UTF-16 indexes as a plain scan, for any split into head and window', () => {
    fc.assert(
      fc.property(text, text, fc.nat(40), (head, body, skip) => {
        const start = Math.min(skip, body.length);
        const count = index!.index(head, head.length, body, start, body.length);
        const input = new Uint8Array([...head, ...body.subarray(start)]);
        const want = expected(input);
        expect([...index!.positions.subarray(0, count)]).toEqual(want.positions);
        expect(index!.ascii).toBe(want.ascii);
        if (!want.ascii) expect([...index!.units.subarray(0, count)]).toEqual(want.units);
      }),
      { numRuns: 5000, seed: 20261129 },
    );
  });

  it('does not see bytes of an earlier, longer window past the end of a shorter one', () => {
    const long = new Uint8Array(WINDOW).fill(0x0a);
    index!.index(long, 0, long, 0, long.length);
    for (const length of [1, 15, 16, 17, 31, 32, 33, 100]) {
      const short = new Uint8Array(length).fill(0x61);
      short[length - 1] = 0x0d;
      expect(index!.index(short, 0, short, 0, length)).toBe(1);
      expect(index!.positions[0]).toBe(length - 1);
    }
  });

  it('handles a full window with terminators in its last bytes', () => {
    for (const tail of ['\r\n', '\n\r', '\r', '\n']) {
      const input = new Uint8Array(WINDOW).fill(0x61);
      input.set(new TextEncoder().encode(tail), WINDOW - tail.length);
      const count = index!.index(input, 0, input, 0, WINDOW);
      expect([...index!.positions.subarray(0, count)]).toEqual(expected(input).positions);
    }
  });
});
