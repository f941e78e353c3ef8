/**
 * A small event-stream parser written from the WHATWG algorithm, for the test drivers. A CR ends
 * a line at once (a following LF is then skipped), so a stream whose last byte is a CR still
 * dispatches its final event. `holdFinalCr` brings back the bug of waiting for the byte after a
 * CR, which never comes at the end of the stream.
 */
export function createWhatwgParser(onEvent, { holdFinalCr = false } = {}) {
  let buffer = '';
  let skipLf = false;
  let type = '';
  let data = [];
  const line = (text) => {
    if (text === '') {
      if (data.length > 0) onEvent(type || 'message', data.join('\n'));
      type = '';
      data = [];
      return;
    }
    if (text.startsWith(':')) return;
    const colon = text.indexOf(':');
    const field = colon < 0 ? text : text.slice(0, colon);
    let value = colon < 0 ? '' : text.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'event') type = value;
    else if (field === 'data') data.push(value);
  };
  return {
    feed(text) {
      buffer += text;
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
