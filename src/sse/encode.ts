/** Serialises SSE in the simple profile: UTF-8 text, LF line ends, every event closed by a blank line. */

export interface SseEventInit {
  event?: string;
  /** A string is sent as is (one `data:` line per line); anything else as JSON.stringify(data). */
  data: string | object;
  id?: string;
  retry?: number;
}

const LINE_BREAK = /\r\n|\r|\n/;

/**
 * Event names already found valid. A stream repeats a handful of names, and the check is a
 * regular expression per event otherwise; the set is capped so arbitrary names cannot grow it.
 */
const validNames = new Set<string>();
const VALID_NAMES_MAX = 256;

/**
 * One event. Line breaks in string data become separate `data:` lines, which a parser joins with
 * LF, so CR and CRLF inside string data arrive as LF (SSE cannot carry a CR in data).
 */
export function encodeEvent(e: SseEventInit): string {
  if (e === null || typeof e !== 'object') throw new TypeError('encodeEvent expects an object');
  let out = '';
  const name = e.event;
  if (name !== undefined) {
    if (!validNames.has(name)) {
      singleLine(name, 'event');
      if (validNames.size < VALID_NAMES_MAX) validNames.add(name);
    }
    if (name !== '') out = `event: ${name}\n`;
  }
  if (e.id !== undefined) {
    singleLine(e.id, 'id');
    out += `id: ${e.id}\n`;
  }
  if (e.retry !== undefined) {
    if (!Number.isSafeInteger(e.retry) || e.retry < 0) {
      throw new TypeError('retry must be a non-negative integer number of milliseconds');
    }
    out += `retry: ${e.retry}\n`;
  }
  if (typeof e.data !== 'string') {
    const json = singleStringMember(e.data) ?? (JSON.stringify(e.data) as string | undefined);
    if (typeof json !== 'string') throw new TypeError('data must be a string or a JSON-serialisable value');
    // JSON.stringify without indentation escapes every control character: the text is one line.
    return `${out}data: ${json}\n\n`;
  }
  for (const line of e.data.split(LINE_BREAK)) out += `data: ${line}\n`;
  return `${out}\n`;
}

/** Longest string the hand-written path below scans; JSON.stringify is faster beyond. */
const PLAIN_SCAN_MAX = 256;

/**
 * The JSON of an object with a single own string member, `{"content":"…"}` — a text delta, nearly
 * every event of a model's stream — written by hand, about four times faster than JSON.stringify.
 * Undefined (so JSON.stringify decides) for any other object, and where the text needs escaping.
 */
function singleStringMember(data: unknown): string | undefined {
  if (typeof data !== 'object' || data === null || Object.getPrototypeOf(data) !== Object.prototype) return undefined;
  let key: string | undefined;
  for (const k in data) {
    if (key !== undefined) return undefined;
    key = k;
  }
  if (key === undefined) return undefined;
  const value = (data as Record<string, unknown>)[key];
  return typeof value === 'string' && plain(key) && plain(value) ? `{"${key}":"${value}"}` : undefined;
}

/** JSON writes this text between quotes as it is: no quote, backslash, control character or surrogate. */
function plain(text: string): boolean {
  if (text.length > PLAIN_SCAN_MAX) return false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 || c === 0x22 || c === 0x5c || (c >= 0xd800 && c <= 0xdfff)) return false;
  }
  return true;
}

/** Comment lines (`: text`), one per line of text; receivers ignore them (heartbeats, padding). */
export function encodeComment(text: string): string {
  if (typeof text !== 'string') throw new TypeError('encodeComment expects a string');
  let out = '';
  for (const line of text.split(LINE_BREAK)) out += `: ${line}\n`;
  return out;
}

function singleLine(value: unknown, field: string): void {
  if (typeof value !== 'string') throw new TypeError(`${field} must be a string`);
  if (/[\r\n\0]/.test(value)) throw new TypeError(`${field} must not contain CR, LF or NUL`);
}
