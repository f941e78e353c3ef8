/**
 * A deliberately plain transcription of the WHATWG "Parsing an event stream" and "Interpreting an
 * event stream" steps, used as the oracle in property tests. It works on the whole decoded text at
 * once (no chunking, no caps, no speed tricks). Offsets are UTF-16 units of the text, BOM included.
 */
export interface ReferenceEvent {
  type: string;
  data: string;
  lastEventId: string;
  start: number;
  end: number;
}

export interface ReferenceResult {
  events: ReferenceEvent[];
  comments: string[];
  retries: number[];
  /** Codes of the problems our parser reports, except the encoding ones (invalid-utf8). */
  problems: string[];
  lastEventId: string;
  bom: boolean;
  lineEndings: { lf: number; cr: number; crlf: number };
}

export function referenceParse(text: string): ReferenceResult {
  const result: ReferenceResult = {
    events: [],
    comments: [],
    retries: [],
    problems: [],
    lastEventId: '',
    bom: false,
    lineEndings: { lf: 0, cr: 0, crlf: 0 },
  };
  let position = 0;
  if (text.startsWith('\uFEFF')) {
    result.bom = true;
    result.problems.push('bom');
    position = 1;
  }
  let data = '';
  let eventType = '';
  let idBuffer = '';
  let eventStart = -1;
  let fieldSeen = false;

  const terminator = /\r\n|\r|\n/g;
  terminator.lastIndex = position;
  for (let m = terminator.exec(text); m !== null; m = terminator.exec(text)) {
    const kind = m[0] === '\r\n' ? 'crlf' : m[0] === '\r' ? 'cr' : 'lf';
    result.lineEndings[kind]++;
    const line = text.slice(position, m.index);
    const lineStart = position;
    position = m.index + m[0].length;
    if (line === '') {
      result.lastEventId = idBuffer;
      if (data !== '') {
        result.events.push({
          type: eventType === '' ? 'message' : eventType,
          data: data.endsWith('\n') ? data.slice(0, -1) : data,
          lastEventId: idBuffer,
          start: eventStart,
          end: position,
        });
      }
      data = '';
      eventType = '';
      eventStart = -1;
      fieldSeen = false;
      continue;
    }
    if (eventStart < 0) eventStart = lineStart;
    if (line.startsWith(':')) {
      result.comments.push(line.slice(1).replace(/^ /, ''));
      continue;
    }
    fieldSeen = true;
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    const value = colon === -1 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (field === 'event') eventType = value;
    else if (field === 'data') data += `${value}\n`;
    else if (field === 'id') {
      if (value.includes('\0')) result.problems.push('id-contains-nul');
      else idBuffer = value;
    } else if (field === 'retry') {
      if (/^[0-9]+$/.test(value)) result.retries.push(parseInt(value, 10));
      else result.problems.push('invalid-retry');
    } else result.problems.push('unknown-field');
  }
  const rest = text.slice(position);
  if (fieldSeen || (rest !== '' && !rest.startsWith(':'))) result.problems.push('incomplete-final-event');
  return result;
}
