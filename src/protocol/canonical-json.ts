import { createHash } from 'node:crypto';

/**
 * RFC 8785 (JCS) canonical form for the JSON values manifests hold: object members sorted by
 * UTF-16 code units, no whitespace. ECMAScript number and string serialisation is what JCS
 * prescribes, so JSON.stringify does the leaves.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/** The `manifest_hash` of an agent manifest: SHA-256 over its canonical JSON without `manifest_hash`. */
export function manifestHash(agent: Record<string, unknown>): string {
  const { manifest_hash: _ignored, ...rest } = agent;
  return `sha256:${createHash('sha256').update(canonicalJson(rest), 'utf8').digest('hex')}`;
}
