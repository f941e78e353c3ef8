import { randomFillSync } from 'node:crypto';

const POOL_BYTES = 4096;
const pool = Buffer.alloc(POOL_BYTES);
let offset = POOL_BYTES;

/**
 * `bytes` random bytes as text, drawn from a pooled buffer: one getrandom call per 4 KiB instead
 * of one per id, which shows on the hot path (request and invocation ids).
 */
export function randomText(bytes: number, encoding: 'hex' | 'base64url'): string {
  if (offset + bytes > POOL_BYTES) {
    randomFillSync(pool);
    offset = 0;
  }
  const text = pool.toString(encoding, offset, offset + bytes);
  offset += bytes;
  return text;
}
