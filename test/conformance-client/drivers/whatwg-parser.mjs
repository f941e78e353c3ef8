/**
 * A small event-stream parser written from the WHATWG algorithm, for the test drivers. A CR ends
 * a line at once (a following LF is then skipped), so a stream whose last byte is a CR still
 * dispatches its final event. The options bring back, one at a time, bugs that real parsers have.
 */
export function createWhatwgParser(onEvent, options = {}) {
  const {
    /** Wait for the byte after a CR, which never comes at the end of the stream. */
    holdFinalCr = false,
    /** 'all' (WHATWG), 'lf' (split on LF, strip a CR before it) or 'lf-raw' (split on LF, keep the CR). */
    lineEnds = 'all',
    /** A second data line replaces the first instead of being joined to it. */
    lastDataWins = false,
    /** A comment line dispatches the event, as a blank line would. */
    commentEndsEvent = false,
    /** Lines of fields other than event and data are taken as data. */
    otherFieldsAsData = false,
    /** Longest line accepted; longer ones throw. */
    maxLine = Number.POSITIVE_INFINITY,
  } = options;
  let buffer = '';
  let skipLf = false;
  let type = '';
  let data = [];
  const dispatch = () => {
    if (data.length > 0) onEvent(type || 'message', data.join('\n'));
    type = '';
    data = [];
  };
  const line = (text) => {
    if (text.length > maxLine) throw new Error(`line of ${text.length} characters is over the limit`);
    if (text === '') return dispatch();
    if (text.startsWith(':')) {
      if (commentEndsEvent) dispatch();
      return;
    }
    const colon = text.indexOf(':');
    const field = colon < 0 ? text : text.slice(0, colon);
    let value = colon < 0 ? '' : text.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'event') type = value;
    else if (field === 'data') data = lastDataWins ? [value] : [...data, value];
    else if (otherFieldsAsData) data.push(value);
  };
  return {
    feed(text) {
      buffer += text;
      if (lineEnds !== 'all') {
        const parts = buffer.split('\n');
        buffer = parts.pop();
        for (const p of parts) line(lineEnds === 'lf' ? p.replace(/\r$/, '') : p);
        return;
      }
      let start = 0;
      for (let i = 0; i < buffer.length; i++) {
        const c = buffer[i];
        if (skipLf) {
          skipLf = false;
          if (c === '\n') {
            start = i + 1;
            continue;
          }
        }
        if (c === '\n' || c === '\r') {
          if (c === '\r' && holdFinalCr && i === buffer.length - 1) break;
          line(buffer.slice(start, i));
          start = i + 1;
          skipLf = c === '\r';
        }
      }
      buffer = buffer.slice(start);
    },
    end() {
      // Per WHATWG, an event without its blank line is discarded at the end of the stream.
      buffer = '';
    },
  };
}
