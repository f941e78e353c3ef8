/**
 * Finds the line terminators in a window of bytes with WebAssembly SIMD (16 or 32 bytes per
 * step), and for each one also its index in the UTF-16 text the window decodes to. One call per
 * window replaces one String#indexOf call per line (about 10 ns each, twice per line when both
 * CR and LF must be tracked, and slower still on two-byte strings), which is what bounds a
 * JavaScript SSE parser on small events. Where WebAssembly SIMD is missing (or disabled, as under
 * --jitless), `createLineIndex` returns undefined and the parser reads bytes one by one instead.
 *
 * Recorded are every LF and every CR not directly followed by LF, so a CRLF costs one entry (its
 * LF; the reader checks the byte before). A CR in the last byte of the window counts as not
 * followed by LF: callers must not end a window between the two bytes of a CRLF.
 *
 * The module has two functions: `quick` records positions and says whether the window is ASCII;
 * `scan` also records UTF-16 indexes, needed only when it is not (then it runs instead of, or
 * after, `quick`).
 */

/** Largest window indexed in one call; offsets are stored as 16-bit numbers. */
export const WINDOW = 65536;

export interface LineIndex {
  /**
   * Copies head[0, headLength) then bytes[start, end) (together at most WINDOW bytes) into `input`
   * and indexes them; returns the number of terminators. Until the next call, `positions[0, count)`
   * holds their offsets in `input`, ascending, and, unless `ascii` (then they equal the offsets),
   * `units` their indexes in the UTF-16 decoding of `input`: exact where it is well-formed UTF-8,
   * as every byte counts one unit, minus continuation bytes, plus one per 4-byte sequence.
   */
  index(head: Uint8Array, headLength: number, bytes: Uint8Array, start: number, end: number): number;
  readonly input: Uint8Array;
  /** The memory `input` starts at (offset 0), for comparing bytes four at a time. */
  readonly view: DataView;
  readonly positions: Uint16Array;
  readonly units: Uint16Array;
  /** Whether the last indexed input held only bytes below 0x80. */
  readonly ascii: boolean;
}

// Room for the 32 zero bytes written after the window, so the last loads of a scan are safe.
const POSITIONS = WINDOW + 32;
const UNITS = POSITIONS + WINDOW * 2;
const PAGES = Math.ceil((UNITS + WINDOW * 2) / 65536);

/*
 * (func (export "scan") (param $len i32) (result i32)   ;; returns count << 1 | (non-ASCII ? 1 : 0)
 *   (local $i i32) (local $n i32) (local $m i32) (local $v v128)
 *   (local $high i32) (local $cont i32) (local $lead4 i32) (local $adjust i32) (local $any i32) (local $at i32)
 *   (v128.store (local.get $len) (v128.const i8x16 0 ...))          ;; zero the bytes after the window
 *   (block $done (loop $blocks
 *     (br_if $done (i32.ge_u (local.get $i) (local.get $len)))
 *     (local.set $v (v128.load (local.get $i)))
 *     (local.set $m (i8x16.bitmask (v128.or
 *       (i8x16.eq (local.get $v) (i8x16 10 ...))                                          ;; LF
 *       (v128.andnot (i8x16.eq (local.get $v) (i8x16 13 ...))                             ;; CR, unless
 *                    (i8x16.eq (v128.load offset=1 (local.get $i)) (i8x16 10 ...))))))    ;; LF next
 *     (local.set $high (i8x16.bitmask (local.get $v)))                                    ;; bytes >= 0x80
 *     (local.set $any (i32.or (local.get $any) (local.get $high)))
 *     (if (local.get $high) (then
 *       (local.set $cont (i8x16.bitmask (i8x16.eq (v128.and (local.get $v) (i8x16 0xc0 ...)) (i8x16 0x80 ...))))
 *       (local.set $lead4 (i8x16.bitmask (i8x16.ge_u (local.get $v) (i8x16 0xf0 ...))))))
 *     (block $none (loop $bits
 *       (br_if $none (i32.eqz (local.get $m)))
 *       (local.set $at (i32.add (local.get $i) (i32.ctz (local.get $m))))
 *       (i32.store16 offset=POSITIONS (i32.shl (local.get $n) (i32.const 1)) (local.get $at))
 *       (i32.store16 offset=UNITS (i32.shl (local.get $n) (i32.const 1))
 *         (i32.add (i32.add (local.get $at) (local.get $adjust))
 *                  (if (result i32) (local.get $high)
 *                    (then (i32.sub (i32.popcnt (i32.and (local.get $lead4) (i32.sub (i32.and (local.get $m) (i32.sub (i32.const 0) (local.get $m))) (i32.const 1))))
 *                                   (i32.popcnt (i32.and (local.get $cont) (i32.sub (i32.and (local.get $m) (i32.sub (i32.const 0) (local.get $m))) (i32.const 1))))))
 *                    (else (i32.const 0)))))
 *       (local.set $n (i32.add (local.get $n) (i32.const 1)))
 *       (local.set $m (i32.and (local.get $m) (i32.sub (local.get $m) (i32.const 1))))
 *       (br $bits)))
 *     (if (local.get $high) (then
 *       (local.set $adjust (i32.sub (i32.add (local.get $adjust) (i32.popcnt (local.get $lead4))) (i32.popcnt (local.get $cont))))))
 *     (local.set $i (i32.add (local.get $i) (i32.const 16)))
 *     (br $blocks)))
 *   (i32.or (i32.shl (local.get $n) (i32.const 1)) (i32.ne (local.get $any) (i32.const 0))))
 *
 * (m & -m) - 1 has a bit set for every position below the lowest set bit of m.
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
  const [len, i, n, m, v, high, cont, lead4, adjust, any, at] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
  const get = (x: number): number[] => [0x20, x];
  const set = (x: number): number[] => [0x21, x];
  const i32 = (x: number): number[] => [0x41, x];
  const splat = (byte: number): number[] => [0xfd, 0x0c, ...new Array<number>(16).fill(byte)];
  const simd = (op: number): number[] => [0xfd, ...leb(op)];
  const [v128Load, v128Store, eq, geU, and, andnot, or, bitmask] = [0x00, 0x0b, 0x23, 0x2c, 0x4e, 0x4f, 0x50, 0x64];
  const [block, loop, ifThen, ifI32, orElse, end, br, brIf] = [
    [0x02, 0x40],
    [0x03, 0x40],
    [0x04, 0x40],
    [0x04, 0x7f],
    [0x05],
    [0x0b],
    0x0c,
    0x0d,
  ];
  const [eqz, ne, geUI32, add, sub, andI32, orI32, shl, ctz, popcnt, store16] = [
    0x45, 0x47, 0x4f, 0x6a, 0x6b, 0x71, 0x72, 0x74, 0x68, 0x69, 0x3b,
  ];
  const below = [...get(m), ...i32(0), ...get(m), sub, andI32, ...i32(1), sub];
  const code = [
    ...get(len),
    ...splat(0),
    ...simd(v128Store),
    0,
    0,
    ...block,
    ...loop,
    ...get(i),
    ...get(len),
    geUI32,
    brIf,
    1,
    ...get(i),
    ...simd(v128Load),
    4,
    0,
    ...set(v),
    ...get(v),
    ...splat(10),
    ...simd(eq),
    ...get(v),
    ...splat(13),
    ...simd(eq),
    ...get(i),
    ...simd(v128Load),
    0,
    1,
    ...splat(10),
    ...simd(eq),
    ...simd(andnot),
    ...simd(or),
    ...simd(bitmask),
    ...set(m),
    ...get(v),
    ...simd(bitmask),
    ...set(high),
    ...get(any),
    ...get(high),
    orI32,
    ...set(any),
    ...get(high),
    ...ifThen,
    ...get(v),
    ...splat(0xc0),
    ...simd(and),
    ...splat(0x80),
    ...simd(eq),
    ...simd(bitmask),
    ...set(cont),
    ...get(v),
    ...splat(0xf0),
    ...simd(geU),
    ...simd(bitmask),
    ...set(lead4),
    ...end,
    ...block,
    ...loop,
    ...get(m),
    eqz,
    brIf,
    1,
    ...get(i),
    ...get(m),
    ctz,
    add,
    ...set(at),
    ...get(n),
    ...i32(1),
    shl,
    ...get(at),
    store16,
    1,
    ...leb(POSITIONS),
    ...get(n),
    ...i32(1),
    shl,
    ...get(at),
    ...get(adjust),
    add,
    ...get(high),
    ...ifI32,
    ...get(lead4),
    ...below,
    andI32,
    popcnt,
    ...get(cont),
    ...below,
    andI32,
    popcnt,
    sub,
    ...orElse,
    ...i32(0),
    ...end,
    add,
    store16,
    1,
    ...leb(UNITS),
    ...get(n),
    ...i32(1),
    add,
    ...set(n),
    ...get(m),
    ...get(m),
    ...i32(1),
    sub,
    andI32,
    ...set(m),
    br,
    0,
    ...end,
    ...end,
    ...get(high),
    ...ifThen,
    ...get(adjust),
    ...get(lead4),
    popcnt,
    add,
    ...get(cont),
    popcnt,
    sub,
    ...set(adjust),
    ...end,
    ...get(i),
    ...i32(16),
    add,
    ...set(i),
    br,
    0,
    ...end,
    ...end,
    ...get(n),
    ...i32(1),
    shl,
    ...get(any),
    ...i32(0),
    ne,
    orI32,
    ...end,
  ];
  // `quick`: the same terminators without the UTF-16 bookkeeping, for the common all-ASCII window,
  // 32 bytes per step (twice as fast as 16 on small events). A CR is dropped when the byte after it
  // is LF: within the step by shifting the LF mask, for its last byte by loading the next byte.
  //   (local $i $n $m $lf $cr i32) (local $a $b $high v128)
  //   (v128.store (local.get $len) 0) (v128.store offset=16 (local.get $len) 0)
  //   loop while $i < $len:
  //     $a = load($i); $b = load offset=16 ($i); $high |= $a | $b
  //     $lf = bitmask($a == 10) | bitmask($b == 10) << 16
  //     $cr = bitmask($a == 13) | bitmask($b == 13) << 16
  //     if $cr: $cr &= ~(($lf >>> 1) | (load8_u offset=32 ($i) == 10) << 31)
  //     $m = $lf | $cr; record $i + ctz($m) for every set bit; $i += 32
  //   return $n << 1 | (bitmask($high) != 0)
  const [lf, cr, a, b, high32] = [4, 5, 6, 7, 8];
  const [shrU, xor, eqI32, load8U] = [0x76, 0x73, 0x46, 0x2d];
  const tee = (x: number): number[] => [0x22, x];
  const allOnes = [0x41, 0x7f]; // i32.const -1
  const quick = [
    ...get(len),
    ...splat(0),
    ...simd(v128Store),
    0,
    0,
    ...get(len),
    ...splat(0),
    ...simd(v128Store),
    0,
    16,
    ...block,
    ...loop,
    ...get(i),
    ...get(len),
    geUI32,
    brIf,
    1,
    ...get(i),
    ...simd(v128Load),
    0,
    0,
    ...set(a),
    ...get(i),
    ...simd(v128Load),
    0,
    16,
    ...set(b),
    ...get(high32),
    ...get(a),
    ...simd(or),
    ...get(b),
    ...simd(or),
    ...set(high32),
    ...get(a),
    ...splat(10),
    ...simd(eq),
    ...simd(bitmask),
    ...get(b),
    ...splat(10),
    ...simd(eq),
    ...simd(bitmask),
    ...i32(16),
    shl,
    orI32,
    ...set(lf),
    ...get(a),
    ...splat(13),
    ...simd(eq),
    ...simd(bitmask),
    ...get(b),
    ...splat(13),
    ...simd(eq),
    ...simd(bitmask),
    ...i32(16),
    shl,
    orI32,
    ...tee(cr),
    ...ifThen,
    ...get(cr),
    ...get(lf),
    ...i32(1),
    shrU,
    ...get(i),
    load8U,
    0,
    32,
    ...i32(10),
    eqI32,
    ...i32(31),
    shl,
    orI32,
    ...allOnes,
    xor,
    andI32,
    ...set(cr),
    ...end,
    ...get(lf),
    ...get(cr),
    orI32,
    ...set(m),
    ...block,
    ...loop,
    ...get(m),
    eqz,
    brIf,
    1,
    ...get(n),
    ...i32(1),
    shl,
    ...get(i),
    ...get(m),
    ctz,
    add,
    store16,
    1,
    ...leb(POSITIONS),
    ...get(n),
    ...i32(1),
    add,
    ...set(n),
    ...get(m),
    ...get(m),
    ...i32(1),
    sub,
    andI32,
    ...set(m),
    br,
    0,
    ...end,
    ...end,
    ...get(i),
    ...i32(32),
    add,
    ...set(i),
    br,
    0,
    ...end,
    ...end,
    ...get(n),
    ...i32(1),
    shl,
    ...get(high32),
    ...simd(bitmask),
    ...i32(0),
    ne,
    orI32,
    ...end,
  ];
  const body = [0x03, 0x03, 0x7f, 0x01, 0x7b, 0x06, 0x7f, ...code];
  const quickBody = [0x02, 0x05, 0x7f, 0x03, 0x7b, ...quick];
  return new Uint8Array([
    0x00,
    0x61,
    0x73,
    0x6d,
    0x01,
    0x00,
    0x00,
    0x00,
    ...section(1, [1, 0x60, 1, 0x7f, 1, 0x7f]),
    ...section(3, [2, 0, 0]),
    ...section(5, [1, 0x00, PAGES]),
    ...section(7, [3, ...name('scan'), 0x00, 0, ...name('quick'), 0x00, 1, ...name('memory'), 0x02, 0]),
    ...section(10, [2, ...leb(body.length), ...body, ...leb(quickBody.length), ...quickBody]),
  ]);
}

interface Wasm {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (
    module: object,
  ) => {
    exports: { scan: (len: number) => number; quick: (len: number) => number; memory: { buffer: ArrayBuffer } };
  };
}

let compiled: object | null | undefined;

/** A fresh index with its own memory, or undefined where WebAssembly SIMD is unavailable. */
export function createLineIndex(): LineIndex | undefined {
  const wasm = (globalThis as unknown as { WebAssembly?: Wasm }).WebAssembly;
  if (compiled === undefined) {
    try {
      compiled = wasm === undefined ? null : new wasm.Module(moduleBytes());
    } catch {
      compiled = null;
    }
  }
  if (compiled === null || wasm === undefined) return undefined;
  const { scan, quick, memory } = new wasm.Instance(compiled).exports;
  const index = {
    input: new Uint8Array(memory.buffer, 0, WINDOW),
    view: new DataView(memory.buffer),
    positions: new Uint16Array(memory.buffer, POSITIONS, WINDOW),
    units: new Uint16Array(memory.buffer, UNITS, WINDOW),
    ascii: true,
    index(head: Uint8Array, headLength: number, bytes: Uint8Array, start: number, end: number): number {
      if (headLength > 0) index.input.set(head.subarray(0, headLength));
      index.input.set(start === 0 && end === bytes.length ? bytes : bytes.subarray(start, end), headLength);
      // Text tends to stay ASCII or not: after a non-ASCII window, go straight to the full scan.
      let result = index.ascii ? quick(headLength + end - start) : scan(headLength + end - start);
      if ((result & 1) === 1 && index.ascii) result = scan(headLength + end - start);
      index.ascii = (result & 1) === 0;
      return result >>> 1;
    },
  };
  return index;
}
