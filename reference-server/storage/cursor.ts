import { createHmac, timingSafeEqual } from 'node:crypto';
import { InvalidCursorError } from './store.ts';

/**
 * Page cursors are `base64url(position) "." base64url(mac)`. The MAC binds the position to the
 * list it came from (kind, owner, session, filters), so a cursor altered by the client, issued to
 * another owner, or issued for another list is rejected instead of silently paging elsewhere.
 * The secret lives in the database, so cursors stay valid across restarts of the same store.
 */
export interface CursorCodec {
  encode(scope: readonly unknown[], position: number): string;
  /** The position the cursor carries; throws InvalidCursorError for anything this store did not issue for `scope`. */
  decode(scope: readonly unknown[], cursor: string): number;
}

const MAC_BYTES = 16;

export function createCursorCodec(secret: Buffer): CursorCodec {
  const mac = (scope: readonly unknown[], body: string): Buffer =>
    createHmac('sha256', secret).update(JSON.stringify(scope)).update('\n').update(body).digest().subarray(0, MAC_BYTES);

  return {
    encode(scope, position) {
      const body = String(position);
      return `${Buffer.from(body).toString('base64url')}.${mac(scope, body).toString('base64url')}`;
    },
    decode(scope, cursor) {
      const parts = cursor.split('.');
      if (parts.length !== 2) throw new InvalidCursorError('cursor is malformed');
      const body = Buffer.from(parts[0] ?? '', 'base64url').toString('utf8');
      const given = Buffer.from(parts[1] ?? '', 'base64url');
      if (!/^[0-9]{1,15}$/.test(body) || given.length !== MAC_BYTES) throw new InvalidCursorError('cursor is malformed');
      if (!timingSafeEqual(given, mac(scope, body))) throw new InvalidCursorError('cursor was not issued for this list');
      return Number(body);
    },
  };
}
