/**
 * API keys never leave the kit: every string that reaches evidence, messages or reports
 * passes through a redactor built from the key in use.
 */

/** How a key is shown: a short prefix (never more than a quarter of the key) and an ellipsis. */
export function maskKey(key: string): string {
  const visible = Math.min(3, Math.floor(key.length / 4));
  return `${key.slice(0, visible)}…redacted`;
}

export type Redactor = (text: string) => string;

/** Keys at least this long are removed wherever they occur; shorter ones only as a whole token. */
export const DISTINCTIVE_KEY_LENGTH = 8;

/**
 * A redactor for the given keys. A distinctive key is removed wherever it appears, even inside a
 * longer string. A short key (a test key such as `k`) is removed only where it stands as a token
 * of its own, as in a header value or a quoted string: removing every occurrence of a common
 * letter would mangle every message and hide nothing.
 */
export function createRedactor(secrets: Array<string | undefined>): Redactor {
  const keys = secrets
    .filter((s): s is string => typeof s === 'string' && s.length > 0)
    .sort((a, b) => b.length - a.length);
  if (keys.length === 0) return (text) => text;
  const steps = keys.map((key): Redactor => {
    const mask = maskKey(key);
    if (key.length >= DISTINCTIVE_KEY_LENGTH) return (text) => (text.includes(key) ? text.split(key).join(mask) : text);
    const token = new RegExp(`(?<![\\w.~+/=-])${key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\w.~+/=-])`, 'g');
    return (text) => (text.includes(key) ? text.replace(token, mask) : text);
  });
  return (text) => steps.reduce((out, step) => step(out), text);
}

/**
 * Applies a redactor to every string value inside a JSON-like value (defence in depth for whole
 * reports). Member names are the report's own vocabulary and stay; header maps, whose names come
 * from the target, are redacted by the probe when it records them.
 */
export function redactDeep<T>(value: T, redact: Redactor): T {
  if (typeof value === 'string') return redact(value) as T;
  if (Array.isArray(value)) return value.map((v) => redactDeep(v, redact)) as T;
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = redactDeep(v, redact);
    return out as T;
  }
  return value;
}

/** A header map with secrets removed from names and values. */
export function redactHeaders(headers: Record<string, string>, redact: Redactor): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([k, v]) => [redact(k), redact(v)]));
}

/** A URL with user and password removed. */
export function stripCredentials(url: string): string {
  try {
    const u = new URL(url);
    u.username = '';
    u.password = '';
    return u.toString();
  } catch {
    return url.replace(/\/\/[^/@]*@/, '//');
  }
}
