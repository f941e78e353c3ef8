/**
 * Finds the line terminators in a window of bytes with WebAssembly SIMD (16 bytes per step) and
 * tells whether the window is pure ASCII. One call per window replaces one String#indexOf call per
 * line (about 10 ns each, twice per line when both CR and LF must be tracked), which is what bounds
 * a JavaScript SSE parser on small events. Where WebAssembly SIMD is missing, `createLineIndex`
 * returns undefined and the parser searches strings instead.
 *
 * Recorded are every LF and every CR not directly followed by LF, so a CRLF costs one entry (its
 * LF; the reader checks the byte before). A CR in the last byte of the window counts as not
 * followed by LF: callers must not end a window between the two bytes of a CRLF.
 */
/** Largest window indexed in one call; positions are stored as 16-bit offsets into the window. */
export const WINDOW = 65536;

export interface LineIndex {
  /**
   * Indexes bytes[start, end) (at most WINDOW bytes). Returns the number of terminators recorded;
   * their offsets from `start`, ascending, are then in `positions[0, count)` until the next call.
   */
  index(bytes: Uint8Array, start: number, end: number): number;
  readonly positions: Uint16Array;
  /** Whether the last indexed window held only bytes below 0x80. */
  readonly ascii: boolean;
}

const OUT = WINDOW + 16; // the window is followed by 16 zero bytes, so the last 16-byte load is safe
const PAGES = Math.ceil((OUT + WINDOW * 2) / 65536);

/*
 * (func (export "scan") (param $len i32) (result i32)   ;; returns count << 1 | (non-ASCII ? 1 : 0)
 *   (local $i i32) (local $n i32) (local $m i32) (local $v v128) (local $high v128)
 *   (v128.store (local.get $len) (v128.const i8x16 0 ...))          ;; zero the bytes after the window
 *   (block $done (loop $blocks
 *     (br_if $done (i32.ge_u (local.get $i) (local.get $len)))
 *     (local.set $v (v128.load (local.get $i)))
 *     (local.set $high (v128.or (local.get $high) (local.get $v)))
 *     (local.set $m (i8x16.bitmask (v128.or
 *       (i8x16.eq (local.get $v) (i8x16 10 ...))                                  ;; LF
 *       (v128.andnot (i8x16.eq (local.get $v) (i8x16 13 ...))                     ;; CR, unless
 *                    (i8x16.eq (v128.load offset=1 (local.get $i)) (i8x16 10 ...))))))  ;; LF next
 *     (block $none (loop $bits
 *       (br_if $none (i32.eqz (local.get $m)))
 *       (i32.store16 offset=OUT (i32.shl (local.get $n) (i32.const 1))
 *                               (i32.add (local.get $i) (i32.ctz (local.get $m))))
 *       (local.set $n (i32.add (local.get $n) (i32.const 1)))
 *       (local.set $m (i32.and (local.get $m) (i32.sub (local.get $m) (i32.const 1))))
 *       (br $bits)))
 *     (local.set $i (i32.add (local.get $i) (i32.const 16)))
 *     (br $blocks)))
 *   (i32.or (i32.shl (local.get $n) (i32.const 1)) (i32.ne (i8x16.bitmask (local.get $high)) (i32.const 0))))
 */
function moduleBytes(): Uint8Array {
  const leb = (n: number): number[] => {
    const out: number[] = [];
    do {
      let b = n & 0x7f;
      n >>>= 7;
      if (n !== 0) b |= 0x80;
      out.push(b);
    } while (n !== 0);
    return out;
  };
  const section = (id: number, bytes: number[]): number[] => [id, ...leb(bytes.length), ...bytes];
  const name = (s: string): number[] => [...leb(s.length), ...[...s].map((c) => c.charCodeAt(0))];
  const [len, i, n, m, v, high] = [0, 1, 2, 3, 4, 5];
  const get = (x: number): number[] => [0x20, x];
  const set = (x: number): number[] => [0x21, x];
  const splat = (byte: number): number[] => [0xfd, 0x0c, ...new Array<number>(16).fill(byte)];
  const simd = (op: number): number[] => [0xfd, ...leb(op)];
  const [v128Load, v128Store, eq, andnot, or, bitmask] = [0x00, 0x0b, 0x23, 0x4f, 0x50, 0x64];
  const code = [
    ...get(len), ...splat(0), ...simd(v128Store), 0, 0,
    0x02, 0x40, 0x03, 0x40,
    ...get(i), ...get(len), 0x4f, 0x0d, 1,
    ...get(i), ...simd(v128Load), 4, 0, ...set(v),
    ...get(high), ...get(v), ...simd(or), ...set(high),
    ...get(v), ...splat(10), ...simd(eq),
    ...get(v), ...splat(13), ...simd(eq), ...get(i), ...simd(v128Load), 0, 1, ...splat(10), ...simd(eq), ...simd(andnot),
    ...simd(or), ...simd(bitmask), ...set(m),
    0x02, 0x40, 0x03, 0x40,
    ...get(m), 0x45, 0x0d, 1,
    ...get(n), 0x41, 1, 0x74, ...get(i), ...get(m), 0x68, 0x6a, 0x3b, 1, ...leb(OUT),
    ...get(n), 0x41, 1, 0x6a, ...set(n),
    ...get(m), ...get(m), 0x41, 1, 0x6b, 0x71, ...set(m),
    0x0c, 0, 0x0b, 0x0b,
    ...get(i), 0x41, 16, 0x6a, ...set(i),
    0x0c, 0, 0x0b, 0x0b,
    ...get(n), 0x41, 1, 0x74, ...get(high), ...simd(bitmask), 0x41, 0, 0x47, 0x72,
    0x0b,
  ];
  const body = [0x02, 0x03, 0x7f, 0x02, 0x7b, ...code];
  return new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, [1, 0x60, 1, 0x7f, 1, 0x7f]),
    ...section(3, [1, 0]),
    ...section(5, [1, 0x00, PAGES]),
    ...section(7, [2, ...name('scan'), 0x00, 0, ...name('memory'), 0x02, 0]),
    ...section(10, [1, ...leb(body.length), ...body]),
  ]);
}

interface Wasm {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object) => { exports: { scan: (len: number) => number; memory: { buffer: ArrayBuffer } } };
}

let compiled: object | null | undefined;

/** A fresh index with its own memory, or undefined where WebAssembly SIMD is unavailable. */
export function createLineIndex(): LineIndex | undefined {
  const wasm = (globalThis as { WebAssembly?: Wasm }).WebAssembly;
  if (compiled === undefined) {
    try {
      compiled = wasm === undefined ? null : new wasm.Module(moduleBytes());
    } catch {
      compiled = null;
    }
  }
  if (compiled === null || wasm === undefined) return undefined;
  const { scan, memory } = new wasm.Instance(compiled).exports;
  const input = new Uint8Array(memory.buffer, 0, WINDOW);
  let ascii = true;
  return {
    positions: new Uint16Array(memory.buffer, OUT, WINDOW),
    get ascii() {
      return ascii;
    },
    index(bytes, start, end) {
      input.set(start === 0 && end === bytes.length ? bytes : bytes.subarray(start, end));
      const result = scan(end - start);
      ascii = (result & 1) === 0;
      return result >>> 1;
    },
  };
}
