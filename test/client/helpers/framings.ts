import { readFileSync } from 'node:fs';

export interface WireEvent {
  event: string;
  data: Record<string, unknown>;
}

/** One way of putting the same events on the wire; every option is conformant SSE. */
export interface Framing {
  name: string;
  eol: '\n' | '\r\n' | '\r';
  bom?: boolean;
  comments?: boolean;
  multiLine?: boolean;
  idRetry?: boolean;
  unknown?: boolean;
  chunking: 'whole' | 'bytes-1' | 'cyclic';
}

const fixture = (name: string) =>
  JSON.parse(readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8')) as unknown;

export const EVENTS = fixture('events.json') as WireEvent[];
export const FRAMINGS = fixture('framings.json') as Framing[];

/** The stream text of `events` in framing `f`. */
export function encode(events: WireEvent[], f: Framing): string {
  const nl = f.eol;
  const block = (lines: string[]) => lines.join(nl) + nl + nl;
  let out = f.bom ? '\uFEFF' : '';
  if (f.comments) out += block([': stream opened']);
  if (f.idRetry) out += `retry: 3000${nl}`;
  events.forEach((e, i) => {
    if (f.comments && i > 0) out += `: keep-alive${nl}${nl}`;
    if (f.unknown) {
      out += block(['event: x-progress', 'data: {"pct": 50}']);
      out += block(['data: {"an":"event without a name"}']);
      out += block(['event: x-raw', 'data: this is not JSON and nobody parses it']);
    }
    const data = f.unknown ? withExtraMembers(e.data) : e.data;
    const json = f.multiLine ? JSON.stringify(data, null, 2) : JSON.stringify(data);
    const dataLines = json.split('\n').map((line) => (f.unknown ? `data:${line}` : `data: ${line}`));
    const lines = f.unknown
      ? [...dataLines, 'vendor-field: ignored', `event:${e.event}`]
      : [`event: ${e.event}`, ...dataLines];
    if (f.idRetry) lines.splice(1, 0, `id: ${i + 1}`);
    if (f.comments) lines.splice(1, 0, ':inline comment');
    out += block(lines);
  });
  return out;
}

/** The wire chunks of `text` in framing `f`. Byte chunking splits multi-byte characters on purpose. */
export function chunk(text: string, f: Framing): Array<string | Uint8Array> {
  if (f.chunking === 'whole') return [text];
  const bytes = Buffer.from(text, 'utf8');
  const sizes = f.chunking === 'bytes-1' ? [1] : [1, 2, 3, 5, 8, 13, 64, 3, 200];
  const out: Uint8Array[] = [];
  for (let at = 0, i = 0; at < bytes.length; i++) {
    const size = sizes[i % sizes.length]!;
    out.push(bytes.subarray(at, at + size));
    at += size;
  }
  return out;
}

/** Adds members a 0.2 server might send: at the top level and inside known nested objects. */
function withExtraMembers(data: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...data, x_vendor: { trace: 'abc' } };
  if (data.usage && typeof data.usage === 'object') out.usage = { ...data.usage, cachedTokens: 4 };
  return out;
}
