/**
 * The zoo of broken clients: one small, correct driver (fetch and the WHATWG parser) and one
 * switch per bug, chosen by the first argument. `correct` has no bug and passes every scenario.
 */
import { drive } from '../drivers/_client.mjs';
import { createWhatwgParser } from '../drivers/whatwg-parser.mjs';

const BUGS = {
  correct: {},
  /** Joins deltas wrongly: trims each text_delta, as code that tidies chunks before concatenating them. */
  'trims-deltas': {
    map: (e) => (e.event === 'text_delta' ? { ...e, data: { ...e.data, content: e.data.content.trim() } } : e),
  },
  /** Waits for the byte after a CR, so a final event ended by CRs is never dispatched. */
  'drops-final-cr': { holdFinalCr: true },
  /** Treats a stream that ends without complete or error as a success. */
  'no-terminal-is-success': { endIsSuccess: true },
  /** Knows only complete as a terminal event and drops error events as unknown. */
  'ignores-error-event': { ignoreError: true },
  /** Decodes without removing the byte order mark, so the first field name is "\ufeffevent". */
  'chokes-on-bom': { keepBom: true },
  /** Throws on an event name it does not know instead of ignoring it. */
  'chokes-on-x-events': {
    onName: (name) => {
      if (name.startsWith('x-')) throw new Error(`unknown event ${name}`);
    },
  },
  /** Collects the whole stream and hands the events over only at its end. */
  'buffers-stream': { buffer: true },
  /** Builds the portable body without aip_version. */
  'no-aip-version': {
    body: (b) => {
      delete b.aip_version;
      return b;
    },
  },
};

const bug = BUGS[process.argv[2] ?? 'correct'];
if (!bug) {
  process.stderr.write(`unknown bug ${process.argv[2]}; one of ${Object.keys(BUGS).join(', ')}\n`);
  process.exit(2);
}
process.exitCode = await drive({
  ...bug,
  parser: (onEvent) =>
    createWhatwgParser(bug.ignoreError ? (type, data) => type !== 'error' && onEvent(type, data) : onEvent, {
      holdFinalCr: bug.holdFinalCr === true,
    }),
});
