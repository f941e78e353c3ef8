import { hash, timingSafeEqual } from 'node:crypto';

export interface Keyring {
  /** The owner id for a valid key, or undefined. Takes the same time whichever key matches. */
  authenticate(presented: string | string[] | undefined): string | undefined;
}

/** SHA-256 in one call: no Hash object per request. */
const digest = (key: string): Buffer => hash('sha256', key, 'buffer');

/**
 * Keys are held only as SHA-256 digests. Comparing fixed-length digests with timingSafeEqual, and
 * always against every key, leaks neither a key's length nor which key matched. The owner id of
 * each key is computed once, at startup.
 */
export function createKeyring(keys: readonly string[]): Keyring {
  const digests = keys.map(digest);
  const owners = digests.map(ownerOf);
  return {
    authenticate(presented) {
      if (typeof presented !== 'string' || presented.length === 0) return undefined;
      const candidate = digest(presented);
      let owner: string | undefined;
      for (let i = 0; i < digests.length; i++) if (timingSafeEqual(candidate, digests[i]!)) owner = owners[i];
      return owner;
    },
  };
}

/** The owner of everything a key creates: the hex SHA-256 of the key, never the key itself. */
export function ownerOf(keyDigest: Buffer): string {
  return keyDigest.toString('hex');
}

export function ownerForKey(key: string): string {
  return ownerOf(digest(key));
}
