/**
 * The zoo of broken clients: one small, correct driver (fetch and the WHATWG parser) and one
 * switch per bug, chosen by the first argument. `correct` has no bug and passes every scenario.
 */
import { drive } from '../drivers/_client.mjs';
import { createWhatwgParser } from '../drivers/whatwg-parser.mjs';

const CATALOGUE = [
  'start',
  'context_assembled',
  'thinking',
  'text_delta',
  'tool_call',
  'tool_result',
  'file_edit',
  'dev_url',
  'complete',
  'error',
];

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

/** Further bugs, each shown to fail the scenarios listed for it in zoo/expected.json ("kills"). */
const MORE_BUGS = {
  /** Splits lines on LF only, dropping a CR before it: lone CRs end no line. */
  'lf-only': { parser: { lineEnds: 'lf' } },
  /** Splits lines on LF only and keeps the CR, so CR LF streams carry names like "start\r". */
  'keeps-cr': { parser: { lineEnds: 'lf-raw' } },
  /** Keeps only the last data line of an event. */
  'last-data-line': { parser: { lastDataWins: true } },
  /** Dispatches an event at a comment line. */
  'comment-ends-event': { parser: { commentEndsEvent: true } },
  /** Takes id, retry and unknown field lines as data. */
  'other-fields-as-data': { parser: { otherFieldsAsData: true } },
  /** Refuses lines over 64 KiB. */
  'line-limit-64k': { parser: { maxLine: 65536 } },
  /** Decodes every chunk on its own, so a character cut between chunks turns into U+FFFD. */
  'decodes-per-chunk': { decoding: 'per-chunk' },
  /** Decodes the stream as Latin-1. */
  'decodes-latin1': { decoding: 'latin1' },
  /** Hands over only start, context_assembled, text_delta and the terminal events. */
  'partial-catalogue': {
    handled: new Set(['start', 'context_assembled', 'text_delta', 'complete', 'error']),
  },
  /** Throws on every event name outside the catalogue. */
  'chokes-on-unknown-events': {
    onName: (name) => {
      if (!CATALOGUE.includes(name)) throw new Error(`unknown event ${name}`);
    },
  },
  /** Throws on members it does not know (x_…). */
  'strict-members': { strictMembers: true },
  /** Sends no X-API-Key. */
  'no-api-key': { noApiKey: true },
  /** Gives up on a call after one second. */
  'one-second-timeout': { timeoutMs: 1000 },
  /** Repeats a request answered with 429 at once, ignoring Retry-After. */
  'retries-429-at-once': { retry429: true },
  /** Parses every error body as an envelope, so a proxy's HTML page crashes it. */
  'requires-envelope': { envelopeRequired: true },
  /** Reports HTTP failures without their status. */
  'drops-status': { noStatus: true },
  /** Reports codes outside the 0.1.0 catalogue as null. */
  'known-codes-only': {
    knownCodes: new Set([
      'invalid_json',
      'invalid_request',
      'unauthorized',
      'agent_not_found',
      'payload_too_large',
      'rate_limited',
      'internal_error',
    ]),
  },
  /** Prints the invocation instead of the whole answer. */
  'unwraps-answer': { unwrap: true },
  /** Exits 0 for every 200 JSON answer, failed and cancelled runs included. */
  'any-answer-succeeds': { anyStatusSucceeds: true },
};
Object.assign(BUGS, MORE_BUGS);

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
      ...bug.parser,
    }),
});
