/**
 * Text of bytes already known to be ASCII. On Node, Buffer's latin1Slice is a plain copy and
 * several times faster than TextDecoder; elsewhere TextDecoder gives the same string.
 */
type Latin1Slice = (this: Uint8Array, start: number, end: number) => string;

const latin1Slice = (globalThis as { Buffer?: { prototype?: { latin1Slice?: Latin1Slice } } }).Buffer?.prototype
  ?.latin1Slice;
const decoder = new TextDecoder('utf-8', { ignoreBOM: true });

export const asciiText: (bytes: Uint8Array, start: number, end: number) => string =
  latin1Slice !== undefined
    ? (bytes, start, end) => latin1Slice.call(bytes, start, end)
    : (bytes, start, end) => decoder.decode(bytes.subarray(start, end));
