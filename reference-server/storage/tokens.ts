import { canonicalJson } from '../../src/index.ts';

/**
 * The reference hub's token estimate: a quarter of the UTF-8 byte length, rounded up. Strings are
 * measured as they are; any other content by its canonical JSON, so the count does not depend on
 * member order or whitespace of the request that created the block.
 */
export function countTokens(content: unknown): number {
  const text = typeof content === 'string' ? content : (canonicalJson(content) ?? '');
  return Math.ceil(Buffer.byteLength(text, 'utf8') / 4);
}
