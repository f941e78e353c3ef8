/**
 * A copy-pasteable curl command for every exchange, so a platform builder can replay a failure
 * without the kit. The API key is read from $AIP_API_KEY and secret headers from
 * $AIP_HEADER_<NAME>, never printed.
 */

export interface CurlInput {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
  /** Replaces `body` in the command with a shell pipeline producing it on stdin (huge bodies). */
  bodyShell?: string;
  stream?: boolean;
  /** Headers carrying secrets, printed as references to environment variables. */
  secretHeaders?: Array<{ name: string; env: string }>;
}

const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

export function toCurl(input: CurlInput): string {
  const parts = ['curl', '-sS', '-i'];
  if (input.stream) parts.push('-N');
  if (input.method !== 'GET' || input.body !== undefined || input.bodyShell) parts.push('-X', input.method);
  parts.push(quote(input.url));
  for (const [name, value] of Object.entries(input.headers)) {
    // curl computes the length of the body it sends; only an explicit empty body needs saying.
    if (name.toLowerCase() === 'content-length' && value !== '0') continue;
    const secret = input.secretHeaders?.find((h) => h.name.toLowerCase() === name.toLowerCase());
    if (secret) parts.push('-H', `"${name}: $${secret.env}"`);
    else parts.push('-H', quote(`${name}: ${value}`));
  }
  const hasBody = input.body !== undefined || input.bodyShell !== undefined;
  // Without this, curl would add its own form Content-Type to a body the kit sent without one.
  if (hasBody && !Object.keys(input.headers).some((h) => h.toLowerCase() === 'content-type'))
    parts.push('-H', quote('Content-Type:'));
  if (input.bodyShell) return `${input.bodyShell} | ${parts.join(' ')} --data-binary @-`;
  if (input.body !== undefined) parts.push('--data-binary', quote(input.body));
  return parts.join(' ');
}
