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
 * One event. Line breaks in string data become separate `data:` lines, which a parser joins with
 * LF, so CR and CRLF inside string data arrive as LF (SSE cannot carry a CR in data).
 */
export function encodeEvent(e: SseEventInit): string {
  if (e === null || typeof e !== 'object') throw new TypeError('encodeEvent expects an object');
  let out = '';
  const name = e.event;
  if (name !== undefined) {
    singleLine(name, 'event');
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
    const json = JSON.stringify(e.data) as string | undefined;
    if (typeof json !== 'string') throw new TypeError('data must be a string or a JSON-serialisable value');
    // JSON.stringify without indentation escapes every control character: the text is one line.
    return `${out}data: ${json}\n\n`;
  }
  for (const line of e.data.split(LINE_BREAK)) out += `data: ${line}\n`;
  return `${out}\n`;
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
