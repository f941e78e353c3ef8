/** How an API key is shown when it must be mentioned at all: its first three characters and an ellipsis. */
export function redactedKey(apiKey: string): string {
  return `${apiKey.slice(0, 3)}…redacted`;
}

/**
 * A function that blanks every occurrence of the key in a text. Server-supplied text (error
 * messages, bodies) is passed through it too: a misbehaving server may echo the key back.
 */
export function redactor(apiKey: string | undefined): (text: string) => string {
  if (!apiKey) return (text) => text;
  const shown = redactedKey(apiKey);
  return (text) => text.split(apiKey).join(shown);
}

/** Applies `redact` to every string inside a JSON value. */
export function redactDeep<T>(value: T, redact: (text: string) => string): T {
  if (typeof value === 'string') return redact(value) as T;
  if (Array.isArray(value)) return value.map((v) => redactDeep(v, redact)) as T;
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [redact(k), redactDeep(v, redact)])) as T;
  }
  return value;
}
