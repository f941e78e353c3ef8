import { randomFillSync } from 'node:crypto';

const POOL_BYTES = 4096;
const ID_BYTES = 16;
const pool = Buffer.alloc(POOL_BYTES);
let offset = POOL_BYTES;

/**
 * `inv_` + 128 random bits in base64url, like the store's ids, but drawn from a pooled buffer:
 * one getrandom call per 256 ids instead of one per invocation, which shows on the hot path.
 */
export function newInvocationId(): string {
  if (offset + ID_BYTES > POOL_BYTES) {
    randomFillSync(pool);
    offset = 0;
  }
  const id = pool.toString('base64url', offset, offset + ID_BYTES);
  offset += ID_BYTES;
  return `inv_${id}`;
}
