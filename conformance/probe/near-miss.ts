/**
 * Keys that differ from the run's key only slightly (AIP-AUTH-006): checks ask for them by kind,
 * so they never see the key itself, and the redactor is built with them too.
 */
export const NEAR_MISS_KINDS = ['case', 'trailing-nbsp', 'prefix', 'suffix', 'truncated'] as const;
export type NearMiss = (typeof NEAR_MISS_KINDS)[number];

const NBSP = '\u00a0';

/** The near miss of `key` of this kind, or undefined when the key has none (no cased letter). */
export function nearMissKey(key: string, kind: NearMiss): string | undefined {
  switch (kind) {
    case 'case': {
      const swapped = [...key].map((c) => (c === c.toLowerCase() ? c.toUpperCase() : c.toLowerCase())).join('');
      return swapped === key ? undefined : swapped;
    }
    case 'trailing-nbsp':
      // Sent as the single byte 0xA0; spaces and tabs would be stripped by HTTP itself (RFC 9110 §5.5).
      return `${key}${NBSP}`;
    case 'prefix':
      return `x${key}`;
    case 'suffix':
      return `${key}x`;
    case 'truncated':
      return key.length > 1 ? key.slice(0, -1) : undefined;
  }
}

/** Every near miss of `key`, for the redactor. */
export function nearMissKeys(key: string | undefined): string[] {
  if (key === undefined) return [];
  return NEAR_MISS_KINDS.map((k) => nearMissKey(key, k)).filter((k): k is string => k !== undefined);
}
