import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { InvalidCursorError } from './store.ts';

/**
 * Page cursors are the list position sealed with AES-256-GCM: base64url(iv ‖ ciphertext ‖ tag),
 * with the list they belong to (kind, owner, session, filters) as additional authenticated data.
 * Sealing rather than only signing keeps the store-wide sequence numbers behind a position from
 * telling one tenant how busy the others are; the authentication rejects a cursor that was
 * altered, issued to another owner, or issued for another list. The key lives in the database,
 * so cursors stay valid across restarts of the same store.
 */
export interface CursorCodec {
  encode(scope: readonly unknown[], position: number): string;
  /** The position the cursor carries; throws InvalidCursorError for anything this store did not issue for `scope`. */
  decode(scope: readonly unknown[], cursor: string): number;
}

const IV_BYTES = 12;
const POSITION_BYTES = 8;
const TAG_BYTES = 16;
const CURSOR_BYTES = IV_BYTES + POSITION_BYTES + TAG_BYTES;

export function createCursorCodec(key: Buffer): CursorCodec {
  if (key.length !== 32) throw new RangeError('cursor key must be 32 bytes');
  const aad = (scope: readonly unknown[]): Buffer => Buffer.from(JSON.stringify(scope), 'utf8');

  return {
    encode(scope, position) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', key, iv).setAAD(aad(scope));
      const plain = Buffer.alloc(POSITION_BYTES);
      plain.writeBigUInt64BE(BigInt(position));
      return Buffer.concat([iv, cipher.update(plain), cipher.final(), cipher.getAuthTag()]).toString('base64url');
    },
    decode(scope, cursor) {
      const raw = Buffer.from(cursor, 'base64url');
      if (raw.length !== CURSOR_BYTES || raw.toString('base64url') !== cursor)
        throw new InvalidCursorError('cursor is malformed');
      const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, IV_BYTES)).setAAD(aad(scope));
      decipher.setAuthTag(raw.subarray(IV_BYTES + POSITION_BYTES));
      let plain: Buffer;
      try {
        plain = Buffer.concat([decipher.update(raw.subarray(IV_BYTES, IV_BYTES + POSITION_BYTES)), decipher.final()]);
      } catch {
        throw new InvalidCursorError('cursor was not issued for this list');
      }
      const position = plain.readBigUInt64BE();
      if (position > BigInt(Number.MAX_SAFE_INTEGER)) throw new InvalidCursorError('cursor is malformed');
      return Number(position);
    },
  };
}
