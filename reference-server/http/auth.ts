import { createHash, timingSafeEqual } from 'node:crypto';

export interface Keyring {
  /** The owner id for a valid key, or undefined. Takes the same time whichever key matches. */
  authenticate(presented: string | string[] | undefined): string | undefined;
}

const digest = (key: string): Buffer => createHash('sha256').update(key, 'utf8').digest();

/**
 * Keys are held only as SHA-256 digests. Comparing fixed-length digests with timingSafeEqual, and
 * always against every key, leaks neither a key's length nor which key matched.
 */
export function createKeyring(keys: readonly string[]): Keyring {
  const digests = keys.map(digest);
  return {
    authenticate(presented) {
      if (typeof presented !== 'string' || presented.length === 0) return undefined;
      const candidate = digest(presented);
      let matched = false;
      for (const known of digests) matched = timingSafeEqual(candidate, known) || matched;
      return matched ? ownerOf(candidate) : undefined;
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
