import type { SseParser, SseParserOptions, SseProblem, SseProblemCode, SseStats } from './types.ts';
import { asciiText } from './fast-text.ts';
import { createLineIndex, WINDOW, type LineIndex } from './line-index.ts';
import { decodeUtf8 } from './utf8.ts';

const LF = 0x0a;
const CR = 0x0d;
const SPACE = 0x20;
const COLON = 0x3a;
const NONE = 0x7fffffff;
/** A pending line up to this long is indexed together with the next window instead of alone. */
const JOIN_LIMIT = 4096;
/** Chunks up to this size are copied byte by byte: cheaper than indexing and decoding them. */
const SMALL_CHUNK = 32;
const DETAIL_MAX = 64;
/** Line indexes not in use by any parser right now (see feedBytes). */
const indexes: LineIndex[] = [];

/**
 * Incremental parser for `text/event-stream` following the WHATWG HTML Standard ("Parsing an event
 * stream", "Interpreting an event stream"), fed Uint8Array chunks (decoded here) or strings.
 *
 * How bytes flow, and why (speed is measured in bench/sse.bench.ts):
 * - A WebAssembly SIMD pass (line-index.ts) lists the line terminators of each chunk, so finding a
 *   line costs no JavaScript search call, and CR, LF and CRLF cost the same.
 * - Complete lines are turned into one string per chunk (a plain copy when ASCII, else one UTF-8
 *   decode); values are slices of it. Field names are recognised on the bytes.
 * - The line that straddles chunks is kept as bytes (a chunk may end inside a UTF-8 sequence) and
 *   indexed together with the next chunk.
 * - Text holding U+FFFD is redone line by line with the WHATWG decoder in utf8.ts, which locates
 *   each ill-formed sequence; well-formed input never takes that path.
 * - Tiny chunks, and every chunk where WebAssembly SIMD is unavailable, are copied byte by byte.
 * - String input is searched with String#indexOf; offsets are then UTF-16 units.
 */
export function createParser(options: SseParserOptions): SseParser {
  if (options === null || typeof options !== 'object' || typeof options.onEvent !== 'function') {
    throw new TypeError('createParser expects an options object with an onEvent function');
  }
  const onEvent = options.onEvent;
  const onComment = options.onComment;
  const onRetry = options.onRetry;
  const onProblem = options.onProblem;
  const maxLine = limit(options.maxLineLength, 1 << 20, 'maxLineLength');
  const maxEvent = limit(options.maxEventSize, 16 << 20, 'maxEventSize');
  const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
  // Node 20 converts with ICU once a decoder has seen a streaming call, about twice as fast on
  // non-ASCII text as its default path. Every later call is a flushing one, so each call still
  // decodes exactly its own input; on other runtimes this is a harmless no-op.
  decoder.decode(new Uint8Array(0), { stream: true });

  // Stream state.
  let mode: 'bytes' | 'string' | undefined;
  let ended = false;
  let terminated = false;
  /** Inside feed(): callbacks may not feed this parser again. */
  let busy = false;
  let interrupted = false;
  let position = 0;
  let bomDone = false;
  let bomMatched = 0;
  /** The last chunk ended in CR: a leading LF in the next chunk completes a CRLF. */
  let skipLF = false;
  let pending = new Uint8Array(256);
  let pendingLength = 0;
  let pendingText = '';
  let pendingOffset = 0;
  let pendingAscii = false;

  // Event state (WHATWG buffers).
  let data = '';
  let dataLines = 0;
  let dataSize = 0;
  let eventType = '';
  let idBuffer = '';
  let committedId = '';
  let eventStart = -1;
  let fieldSeen = false;
  /**
   * The last event type of 8 to 16 bytes read from an index window, with its bytes as four
   * overlapping little-endian words (bytes 0-3, 4-7, n-8..n-5, n-4..n-1). A stream repeats a few
   * types; comparing four words is cheaper than slicing, and later collecting, a string per event
   * (about 3% on small events). Equal bytes decode to equal text: windows reaching scanIndexed are
   * ASCII or well-formed UTF-8. typeLength -1: nothing remembered.
   */
  let typeText = '';
  let typeLength = -1;
  let w0 = 0;
  let w1 = 0;
  let w2 = 0;
  let w3 = 0;

  // Stats.
  let lf = 0;
  let cr = 0;
  let crlf = 0;
  let comments = 0;
  let events = 0;
  let multiLine = 0;
  let invalidUtf8 = 0;
  let bom = false;
  let retry: number | undefined;

  function problem(code: SseProblemCode, offset: number, detail?: string): void {
    if (onProblem === undefined) return;
    const p: SseProblem = { code, offset };
    if (detail !== undefined) p.detail = detail;
    onProblem(p);
  }

  function fail(code: SseProblemCode, offset: number, detail: string): void {
    terminated = true;
    pendingLength = 0;
    pendingText = '';
    data = '';
    dataLines = 0;
    dataSize = 0;
    eventType = '';
    problem(code, offset, detail);
  }

  function dispatch(end: number): void {
    committedId = idBuffer;
    const start = eventStart;
    eventStart = -1;
    fieldSeen = false;
    if (dataLines === 0) {
      eventType = '';
      return;
    }
    const event = { type: eventType === '' ? 'message' : eventType, data, lastEventId: idBuffer, start, end };
    events++;
    if (dataLines > 1) multiLine++;
    data = '';
    dataLines = 0;
    dataSize = 0;
    eventType = '';
    onEvent(event);
  }

  function appendData(value: string, size: number, offset: number): void {
    const grown = dataLines === 0 ? size : dataSize + 1 + size;
    if (grown > maxEvent) {
      fail('event-too-large', offset, `data buffer would reach ${grown} (limit ${maxEvent})`);
      return;
    }
    dataSize = grown;
    data = dataLines === 0 ? value : `${data}\n${value}`;
    dataLines++;
  }

  /**
   * One non-blank line: str[s, e) starts at stream offset `offset` and is `length` input units long.
   * str[e] is a line terminator or past the end, so prefix checks may read one unit beyond the line.
   */
  function line(str: string, s: number, e: number, offset: number, length: number): void {
    if (length > maxLine) {
      fail('line-too-long', offset, `line of ${length} (limit ${maxLine})`);
      return;
    }
    if (eventStart < 0) eventStart = offset;
    const c = str.charCodeAt(s);
    if (c === COLON) {
      comments++;
      if (onComment !== undefined) {
        onComment(str.slice(str.charCodeAt(s + 1) === SPACE ? s + 2 : s + 1, e), offset);
      }
      return;
    }
    fieldSeen = true;
    if (
      c === 0x64 &&
      str.charCodeAt(s + 1) === 0x61 &&
      str.charCodeAt(s + 2) === 0x74 &&
      str.charCodeAt(s + 3) === 0x61 &&
      str.charCodeAt(s + 4) === COLON
    ) {
      const v = str.charCodeAt(s + 5) === SPACE ? s + 6 : s + 5;
      appendData(str.slice(v, e), length - (v - s), offset);
      return;
    }
    if (
      c === 0x65 &&
      str.charCodeAt(s + 1) === 0x76 &&
      str.charCodeAt(s + 2) === 0x65 &&
      str.charCodeAt(s + 3) === 0x6e &&
      str.charCodeAt(s + 4) === 0x74 &&
      str.charCodeAt(s + 5) === COLON
    ) {
      const v = str.charCodeAt(s + 6) === SPACE ? s + 7 : s + 6;
      eventType = str.slice(v, e);
      return;
    }
    let colon = s;
    while (colon < e && str.charCodeAt(colon) !== COLON) colon++;
    let v = colon < e ? colon + 1 : e;
    if (str.charCodeAt(v) === SPACE && v < e) v++;
    const nameLength = colon - s;
    if (nameLength === 5 && str.startsWith('event', s)) {
      eventType = str.slice(v, e);
    } else if (nameLength === 4 && str.startsWith('data', s)) {
      appendData(str.slice(v, e), length - (v - s), offset);
    } else if (nameLength === 2 && str.startsWith('id', s)) {
      const value = str.slice(v, e);
      if (value.indexOf('\0') === -1) idBuffer = value;
      else problem('id-contains-nul', offset);
    } else if (nameLength === 5 && str.startsWith('retry', s)) {
      let digits = v < e;
      for (let i = v; i < e && digits; i++) {
        const d = str.charCodeAt(i);
        digits = d >= 0x30 && d <= 0x39;
      }
      if (digits) {
        retry = Number(str.slice(v, e));
        if (onRetry !== undefined) onRetry(retry);
      } else if (onProblem !== undefined) {
        problem('invalid-retry', offset, clip(str.slice(v, e)));
      }
    } else if (onProblem !== undefined) {
      problem('unknown-field', offset, clip(str.slice(s, colon)));
    }
  }

  /**
   * String input: processes every complete line of str from `from`, str[from] being at stream
   * offset `offset` and str running to the end of the chunk. Returns the offset past the last line.
   */
  function scan(str: string, from: number, offset: number): number {
    if (str.indexOf('\r', from) === -1) return scanSimple(str, from, offset - from);
    let pos = from;
    let nextLF = str.indexOf('\n', from);
    if (nextLF === -1) nextLF = NONE;
    let nextCR = str.indexOf('\r', from);
    if (nextCR === -1) nextCR = NONE;
    const last = str.length - 1;
    for (;;) {
      if (nextLF < pos) {
        nextLF = str.indexOf('\n', pos);
        if (nextLF === -1) nextLF = NONE;
      }
      if (nextCR < pos) {
        nextCR = str.indexOf('\r', pos);
        if (nextCR === -1) nextCR = NONE;
      }
      let e: number;
      let terminator = 1;
      if (nextLF < nextCR) {
        e = nextLF;
        lf++;
      } else if (nextCR !== NONE) {
        e = nextCR;
        if (e === nextLF - 1) {
          terminator = 2;
          crlf++;
        } else if (e === last) {
          skipLF = true;
        } else {
          cr++;
        }
      } else {
        return offset;
      }
      if (e === pos) {
        offset += terminator;
        dispatch(offset);
      } else {
        line(str, pos, e, offset, e - pos);
        offset += e - pos + terminator;
      }
      if (terminated) return offset;
      pos = e + terminator;
    }
  }

  /**
   * String input with LF line ends only (the simple profile): the offset of str[i] is `delta + i`.
   * Data and event lines are handled inline; the rest go to line().
   */
  function scanSimple(str: string, pos: number, delta: number): number {
    let next = str.indexOf('\n', pos);
    while (next !== -1) {
      lf++;
      const c = str.charCodeAt(pos);
      if (next === pos) {
        dispatch(delta + next + 1);
      } else if (
        c === 0x64 &&
        str.charCodeAt(pos + 1) === 0x61 &&
        str.charCodeAt(pos + 2) === 0x74 &&
        str.charCodeAt(pos + 3) === 0x61 &&
        str.charCodeAt(pos + 4) === COLON &&
        next - pos <= maxLine
      ) {
        if (eventStart < 0) eventStart = delta + pos;
        fieldSeen = true;
        const v = str.charCodeAt(pos + 5) === SPACE ? pos + 6 : pos + 5;
        appendData(str.slice(v, next), next - v, delta + pos);
      } else if (
        c === 0x65 &&
        str.charCodeAt(pos + 1) === 0x76 &&
        str.charCodeAt(pos + 2) === 0x65 &&
        str.charCodeAt(pos + 3) === 0x6e &&
        str.charCodeAt(pos + 4) === 0x74 &&
        str.charCodeAt(pos + 5) === COLON &&
        next - pos <= maxLine
      ) {
        if (eventStart < 0) eventStart = delta + pos;
        fieldSeen = true;
        eventType = str.slice(str.charCodeAt(pos + 6) === SPACE ? pos + 7 : pos + 6, next);
      } else {
        line(str, pos, next, delta + pos, next - pos);
      }
      if (terminated) break;
      pos = next + 1;
      // Most events end "data: …\n\n": take the blank line without another search.
      if (str.charCodeAt(pos) === LF) {
        lf++;
        dispatch(delta + pos + 1);
        pos++;
      }
      next = str.indexOf('\n', pos);
    }
    return delta + pos;
  }

  /** Decodes bytes[s, e) (one line), reporting ill-formed sequences with their stream offsets. */
  function decodeLine(bytes: Uint8Array, s: number, e: number, offset: number): string {
    const text = decoder.decode(bytes.subarray(s, e));
    if (text.indexOf('\uFFFD') === -1) return text;
    return decodeUtf8(bytes, s, e, (i) => {
      invalidUtf8++;
      problem('invalid-utf8', offset + (i - s), `byte 0x${bytes[i]!.toString(16).padStart(2, '0')}`);
    });
  }

  /** The line held in `pending` has ended. */
  function finishPending(): void {
    const length = pendingLength;
    pendingLength = 0;
    const text = pendingAscii ? asciiText(pending, 0, length) : decodeLine(pending, 0, length, pendingOffset);
    line(text, 0, text.length, pendingOffset, length);
  }

  /** `ascii` tells that bytes[s, e) is known to be ASCII, which lets the line skip UTF-8 decoding. */
  function appendPending(bytes: Uint8Array, s: number, e: number, offset: number, ascii: boolean): void {
    if (s === e) return;
    if (pendingLength === 0) {
      pendingOffset = offset;
      pendingAscii = ascii;
    } else if (!ascii) pendingAscii = false;
    const length = pendingLength + (e - s);
    if (length > maxLine) {
      fail('line-too-long', pendingOffset, `line of more than ${maxLine}`);
      return;
    }
    if (length > pending.length) {
      let capacity = pending.length * 2;
      while (capacity < length) capacity *= 2;
      const grown = new Uint8Array(capacity);
      grown.set(pending.subarray(0, pendingLength));
      pending = grown;
    }
    if (e - s > 16) pending.set(bytes.subarray(s, e), pendingLength);
    else for (let i = s; i < e; i++) pending[pendingLength + i - s] = bytes[i]!;
    pendingLength = length;
  }

  /**
   * Tiny chunks, and every chunk where WebAssembly SIMD is unavailable: copy into `pending` byte by
   * byte while looking for terminators, and decode each line on its own.
   */
  function feedSmall(chunk: Uint8Array, p: number, base: number): void {
    const n = chunk.length;
    for (let i = p; i < n; i++) {
      const b = chunk[i]!;
      if (b !== LF && b !== CR) {
        if (pendingLength === 0) {
          pendingOffset = base + i;
          pendingAscii = true;
        } else if (pendingLength >= maxLine) {
          fail('line-too-long', pendingOffset, `line of more than ${maxLine}`);
          return;
        }
        if (b >= 0x80) pendingAscii = false;
        if (pendingLength === pending.length) appendPending(chunk, i, i + 1, base + i, pendingAscii);
        else pending[pendingLength++] = b;
        continue;
      }
      let terminator = 1;
      if (b === LF) lf++;
      else if (i + 1 === n) skipLF = true;
      else if (chunk[i + 1] === LF) {
        terminator = 2;
        crlf++;
      } else cr++;
      if (pendingLength === 0) dispatch(base + i + terminator);
      else finishPending();
      if (terminated) return;
      i += terminator - 1;
    }
  }

  /**
   * Line by line over bytes[p, end), decoding each line on its own: for text holding U+FFFD, whose
   * ill-formed sequences must be located. Returns the index just past the last line terminator.
   */
  function scanBytes(chunk: Uint8Array, p: number, end: number, base: number, chunkEnd: number): number {
    let s = p;
    for (let i = p; i < end; i++) {
      const b = chunk[i]!;
      if (b !== LF && b !== CR) continue;
      let terminator = 1;
      if (b === LF) lf++;
      else if (i + 1 === chunkEnd) skipLF = true;
      else if (chunk[i + 1] === LF) {
        terminator = 2;
        crlf++;
      } else cr++;
      if (i === s) dispatch(base + i + terminator);
      else {
        const text = decodeLine(chunk, s, i, base + s);
        line(text, 0, text.length, base + s, i - s);
      }
      if (terminated) return end;
      i += terminator - 1;
      s = i + 1;
    }
    return s;
  }

  /** Consumes a partial BOM; returns where the chunk's content starts (bomDone tells if decided). */
  function skipBom(chunk: Uint8Array): number {
    const BOM = [0xef, 0xbb, 0xbf];
    for (let i = 0; i < chunk.length; i++) {
      if (chunk[i] !== BOM[bomMatched]) {
        bomDone = true;
        return 0;
      }
      if (++bomMatched === 3) {
        bomDone = true;
        pendingLength = 0;
        foundBom();
        return i + 1;
      }
    }
    appendPending(chunk, 0, chunk.length, position - chunk.length, false);
    return chunk.length;
  }

  function foundBom(): void {
    bom = true;
    problem('bom', 0, 'leading U+FEFF byte order mark stripped');
  }

  function feedBytes(chunk: Uint8Array): void {
    const n = chunk.length;
    const base = position;
    position += n;
    let p = 0;
    if (!bomDone) {
      p = skipBom(chunk);
      if (!bomDone || p === n) return;
    }
    if (skipLF) {
      skipLF = false;
      if (chunk[p] === LF) {
        crlf++;
        if (++p === n) return;
      } else cr++;
    }
    if (n - p <= SMALL_CHUNK) {
      feedSmall(chunk, p, base);
      return;
    }
    // Borrowed per call, so a callback that feeds another parser gets an index of its own.
    const index = indexes.pop() ?? createLineIndex();
    if (index === undefined) {
      feedSmall(chunk, p, base);
      return;
    }
    try {
      while (p < n && !terminated) {
        let end = Math.min(n, p + WINDOW - (pendingLength <= JOIN_LIMIT ? pendingLength : 0));
        if (chunk[end - 1] === CR && chunk[end] === LF) end--;
        feedWindow(index, chunk, p, end, base);
        p = end;
      }
    } finally {
      indexes.push(index);
    }
  }

  /**
   * chunk[w, end) fits one index window (with the pending line, when that is short) and does not
   * end between the CR and LF of a CRLF. A short pending line is indexed together with the window,
   * so the line it starts is read like any other; a long one is finished on its own first.
   */
  function feedWindow(index: LineIndex, chunk: Uint8Array, w: number, end: number, base: number): void {
    const reachesEnd = end === chunk.length;
    let bytes = chunk;
    let origin = w; // where in `bytes` the index positions count from
    let p = w;
    let k = 0;
    let count: number;
    if (pendingLength <= JOIN_LIMIT) {
      count = index.index(pending, pendingLength, chunk, w, end);
      bytes = index.input;
      origin = p = 0;
      base += w - pendingLength;
      end = pendingLength + end - w;
      pendingLength = 0;
    } else {
      count = index.index(pending, 0, chunk, w, end);
      if (count === 0) {
        appendPending(chunk, w, end, base + w, index.ascii);
        return;
      }
      const f = w + index.positions[k++]!;
      let e = f;
      if (chunk[f] === CR) {
        if (f + 1 === chunk.length) skipLF = true;
        else cr++;
      } else if (f > w && chunk[f - 1] === CR) {
        e--;
        crlf++;
      } else lf++;
      appendPending(chunk, w, e, base + w, index.ascii);
      if (terminated) return;
      finishPending();
      if (terminated) return;
      p = f + 1;
    }
    // A CR in the chunk's last byte may pair with an LF in the next chunk.
    const chunkEnd = reachesEnd ? end : -1;
    let tail = p;
    if (k < count) {
      const last = origin + index.positions[count - 1]! + 1;
      if (index.ascii) {
        tail = scanIndexed(asciiText(bytes, p, last), true, index, k, count, bytes, origin, p, base, chunkEnd);
      } else {
        const text = decoder.decode(bytes.subarray(p, last));
        if (text.indexOf('\uFFFD') !== -1) tail = scanBytes(bytes, p, last, base, chunkEnd);
        else tail = scanIndexed(text, false, index, k, count, bytes, origin, p, base, chunkEnd);
      }
    }
    if (!terminated && tail < end) appendPending(bytes, tail, end, base + tail, index.ascii);
  }

  /**
   * The lines of bytes[p, …) whose terminators are given by the index from entry k (positions
   * counted from `origin`; see line-index.ts); str is the text of bytes[p, …) and `base` the stream
   * offset of bytes[0]. For ASCII text string indexes are byte indexes minus p; otherwise the index
   * gives each line end's UTF-16 index. Data and event lines, nearly all of any stream, are
   * recognised on the bytes right here; the rest go to line(). Returns the index past the last line.
   */
  function scanIndexed(
    str: string,
    ascii: boolean,
    index: LineIndex,
    k: number,
    count: number,
    chunk: Uint8Array,
    origin: number,
    p: number,
    base: number,
    chunkEnd: number,
  ): number {
    const positions = index.positions;
    const units = index.units;
    // The words are read through the index's memory, so only lines held there can be compared.
    const view = index.view;
    const cacheable = chunk === index.input;
    if (!cacheable) typeLength = -1;
    // UTF-16 index, in the window's decoding, of str[0] (str starts after the terminator before p).
    const unitBase = k === 0 ? 0 : units[k - 1]! + 1;
    let c = 0;
    while (k < count) {
      const x = origin + positions[k++]!;
      let e = x;
      if (chunk[x] === CR) {
        if (x + 1 === chunkEnd) skipLF = true;
        else cr++;
      } else if (x > p && chunk[x - 1] === CR) {
        e--;
        crlf++;
      } else lf++;
      if (e === p) {
        dispatch(base + x + 1);
        c += x + 1 - e;
      } else {
        const end = ascii ? c + e - p : units[k - 1]! - (x - e) - unitBase;
        const offset = base + p;
        const b = chunk[p];
        if (
          b === 0x64 &&
          chunk[p + 1] === 0x61 &&
          chunk[p + 2] === 0x74 &&
          chunk[p + 3] === 0x61 &&
          chunk[p + 4] === COLON &&
          e - p <= maxLine
        ) {
          if (eventStart < 0) eventStart = offset;
          fieldSeen = true;
          const v = chunk[p + 5] === SPACE ? 6 : 5;
          appendData(str.slice(c + v, end), e - p - v, offset);
        } else if (
          b === 0x65 &&
          chunk[p + 1] === 0x76 &&
          chunk[p + 2] === 0x65 &&
          chunk[p + 3] === 0x6e &&
          chunk[p + 4] === 0x74 &&
          chunk[p + 5] === COLON &&
          e - p <= maxLine
        ) {
          if (eventStart < 0) eventStart = offset;
          fieldSeen = true;
          const v = chunk[p + 6] === SPACE ? 7 : 6;
          const n = e - p - v;
          const a = p + v;
          if (
            n !== typeLength ||
            view.getUint32(a, true) !== w0 ||
            view.getUint32(a + 4, true) !== w1 ||
            view.getUint32(a + n - 8, true) !== w2 ||
            view.getUint32(a + n - 4, true) !== w3
          ) {
            typeText = str.slice(c + v, end);
            if (n >= 8 && n <= 16 && cacheable) {
              typeLength = n;
              w0 = view.getUint32(a, true);
              w1 = view.getUint32(a + 4, true);
              w2 = view.getUint32(a + n - 8, true);
              w3 = view.getUint32(a + n - 4, true);
            } else typeLength = -1;
          }
          eventType = typeText;
        } else line(str, c, end, offset, e - p);
        c = end + x + 1 - e;
      }
      if (terminated) return x;
      p = x + 1;
    }
    return p;
  }

  function feedString(chunk: string): void {
    const n = chunk.length;
    const base = position;
    position += n;
    let p = 0;
    if (!bomDone) {
      bomDone = true;
      if (chunk.charCodeAt(0) === 0xfeff) {
        foundBom();
        if (++p === n) return;
      }
    }
    if (skipLF) {
      skipLF = false;
      if (chunk.charCodeAt(p) === LF) {
        crlf++;
        if (++p === n) return;
      } else cr++;
    }
    const firstLF = chunk.indexOf('\n', p);
    let first = chunk.indexOf('\r', p);
    if (first === -1 || (firstLF !== -1 && firstLF < first)) first = firstLF;
    if (first === -1) {
      appendPendingText(chunk, p, base);
      return;
    }
    if (pendingText !== '') {
      // Complete the pending line on its own rather than copying the whole chunk behind it.
      let terminator = 1;
      if (chunk.charCodeAt(first) === LF) lf++;
      else if (first + 1 === n) skipLF = true;
      else if (chunk.charCodeAt(first + 1) === LF) {
        terminator = 2;
        crlf++;
      } else cr++;
      const text = pendingText + chunk.slice(p, first);
      pendingText = '';
      line(text, 0, text.length, pendingOffset, text.length);
      if (terminated) return;
      p = first + terminator;
      if (p === n) return;
    }
    const tail = scan(chunk, p, base + p);
    if (!terminated && tail < position) appendPendingText(chunk, tail - base, base);
  }

  function appendPendingText(chunk: string, p: number, base: number): void {
    if (pendingText === '') pendingOffset = base + p;
    pendingText += p === 0 ? chunk : chunk.slice(p);
    if (pendingText.length > maxLine) fail('line-too-long', pendingOffset, `line of more than ${maxLine}`);
  }

  function feed(chunk: Uint8Array | string): void {
    const kind = typeof chunk === 'string' ? 'string' : chunk instanceof Uint8Array ? 'bytes' : undefined;
    if (kind === undefined) throw new TypeError('feed expects a Uint8Array or a string');
    if (ended) throw new TypeError('feed after end(): call reset() to start a new stream');
    if (mode !== kind) {
      if (mode !== undefined) throw new TypeError(`feed got ${kind} on a stream of ${mode}: call reset() first`);
      mode = kind;
    }
    if (busy) throw new TypeError('feed() was called from a callback of the same parser');
    if (terminated || chunk.length === 0) return;
    busy = true;
    try {
      if (kind === 'string') feedString(chunk as string);
      else feedBytes(chunk as Uint8Array);
    } catch (error) {
      // A callback threw mid-chunk: the rest of the chunk is lost, so stop rather than misparse.
      terminated = true;
      throw error;
    } finally {
      busy = false;
      if (interrupted) {
        interrupted = false;
        terminated = false;
      }
    }
  }

  /** reset() or end() from a callback: the loops stop at `terminated`, cleared when feed() unwinds. */
  function interrupt(): void {
    if (!busy) return;
    interrupted = true;
    terminated = true;
  }

  function end(): void {
    if (ended) return;
    ended = true;
    if (terminated) return;
    interrupt();
    if (skipLF) {
      skipLF = false;
      cr++;
    }
    let unterminated = '';
    if (pendingLength > 0) unterminated = decodeLine(pending, 0, pendingLength, pendingOffset);
    else unterminated = pendingText;
    const partialField = unterminated !== '' && unterminated.charCodeAt(0) !== COLON;
    if (fieldSeen || partialField) {
      const offset = eventStart >= 0 ? eventStart : pendingOffset;
      const what = dataLines > 0 ? `${dataLines} data line(s)` : 'fields';
      problem('incomplete-final-event', offset, `stream ended before the blank line; ${what} discarded`);
    }
    pendingLength = 0;
    pendingText = '';
    data = '';
    dataLines = 0;
    dataSize = 0;
    eventType = '';
    eventStart = -1;
    fieldSeen = false;
  }

  function reset(): void {
    mode = undefined;
    ended = terminated = bomDone = skipLF = bom = fieldSeen = false;
    position = bomMatched = pendingLength = pendingOffset = 0;
    pendingText = data = eventType = idBuffer = committedId = '';
    dataLines = dataSize = 0;
    eventStart = -1;
    lf = cr = crlf = comments = events = multiLine = invalidUtf8 = 0;
    retry = undefined;
    if (pending.length > 1 << 16) pending = new Uint8Array(256);
    interrupt();
  }

  return {
    feed,
    end,
    reset,
    get stats(): SseStats {
      const stats: SseStats = {
        bytes: position,
        bom,
        lineEndings: { lf, cr, crlf },
        comments,
        events,
        multiLineDataEvents: multiLine,
        invalidUtf8,
      };
      if (retry !== undefined) stats.retry = retry;
      return stats;
    },
    get terminated(): boolean {
      return terminated && !interrupted;
    },
    get lastEventId(): string {
      return committedId;
    },
  };
}

function limit(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  if (!Number.isSafeInteger(value) || value < 1) throw new TypeError(`${name} must be a positive integer`);
  return value;
}

function clip(text: string): string {
  return text.length > DETAIL_MAX ? `${text.slice(0, DETAIL_MAX)}…` : text;
}
