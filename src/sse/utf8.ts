/**
 * The UTF-8 decoder of the WHATWG Encoding Standard, with error reporting. The parser uses the
 * platform's TextDecoder for speed and falls back to this only when that output holds a U+FFFD,
 * because only here do we learn where each ill-formed sequence starts.
 */
export function decodeUtf8(bytes: Uint8Array, start: number, end: number, onError: (index: number) => void): string {
  const units: number[] = [];
  let out = '';
  let codePoint = 0;
  let needed = 0;
  let seen = 0;
  let lower = 0x80;
  let upper = 0xbf;
  let sequenceStart = start;
  const replace = (at: number): void => {
    units.push(0xfffd);
    onError(at);
  };
  for (let i = start; i < end; i++) {
    const byte = bytes[i]!;
    if (needed === 0) {
      sequenceStart = i;
      if (byte <= 0x7f) {
        units.push(byte);
      } else if (byte >= 0xc2 && byte <= 0xdf) {
        needed = 1;
        codePoint = byte & 0x1f;
      } else if (byte >= 0xe0 && byte <= 0xef) {
        if (byte === 0xe0) lower = 0xa0;
        if (byte === 0xed) upper = 0x9f;
        needed = 2;
        codePoint = byte & 0xf;
      } else if (byte >= 0xf0 && byte <= 0xf4) {
        if (byte === 0xf0) lower = 0x90;
        if (byte === 0xf4) upper = 0x8f;
        needed = 3;
        codePoint = byte & 0x7;
      } else {
        replace(i);
      }
    } else if (byte < lower || byte > upper) {
      // The byte is not consumed: it starts the next sequence (the standard's "prepend").
      codePoint = needed = seen = 0;
      lower = 0x80;
      upper = 0xbf;
      replace(sequenceStart);
      i--;
    } else {
      lower = 0x80;
      upper = 0xbf;
      codePoint = (codePoint << 6) | (byte & 0x3f);
      if (++seen === needed) {
        if (codePoint > 0xffff) {
          codePoint -= 0x10000;
          units.push(0xd800 | (codePoint >> 10), 0xdc00 | (codePoint & 0x3ff));
        } else {
          units.push(codePoint);
        }
        codePoint = needed = seen = 0;
      }
    }
    if (units.length >= 4096) {
      out += String.fromCharCode(...units);
      units.length = 0;
    }
  }
  if (needed !== 0) replace(sequenceStart);
  return out + String.fromCharCode(...units);
}

/** UTF-8 length of str[from, to), which must come from a successful decode (no lone surrogates). */
export function utf8Length(str: string, from: number, to: number): number {
  let length = to - from;
  for (let i = from; i < to; i++) {
    const unit = str.charCodeAt(i);
    if (unit >= 0x80) length += unit < 0x800 || (unit & 0xf800) === 0xd800 ? 1 : 2;
  }
  return length;
}
