import { randomBytes } from 'node:crypto';

export type IdPrefix = 'sess' | 'blk' | 'inv';

/**
 * A fresh identifier: the prefix, "_", then 128 random bits in base64url (22 characters), which
 * fits the wire pattern `^<prefix>_[A-Za-z0-9_-]{1,64}$` and cannot be guessed from another id.
 */
export function newId(prefix: IdPrefix): string {
  return `${prefix}_${randomBytes(16).toString('base64url')}`;
}
