/**
 * A driver as many JavaScript SDKs are built: fetch, a TextDecoder, and eventsource-parser 3.1.1.
 * It fails exactly the framing.final-cr scenarios: the parser waits to see whether an LF follows
 * a CR, so a stream whose last bytes are CRs never dispatches its final event.
 */
import { createParser } from 'eventsource-parser';
import { drive } from './_client.mjs';

process.exitCode = await drive({
  parser: (onEvent) => {
    const parser = createParser({ onEvent: (e) => onEvent(e.event ?? 'message', e.data) });
    return { feed: (text) => parser.feed(text), end: () => undefined };
  },
});
