/**
 * The fetch side of the test drivers: reads the AIP_* variables, sends the request, and prints
 * the transcript of the driver contract (conformance/README.md). The SSE parser is plugged in,
 * so one file serves the zoo's own parser and eventsource-parser alike.
 */
const CATALOGUE = new Set([
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
]);

export const print = (value) => process.stdout.write(`${JSON.stringify(value)}\n`);

function rejectExtensions(value) {
  if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k.startsWith('x_')) throw new Error(`unexpected member ${k}`);
      rejectExtensions(v);
    }
  }
}

function failure(status, code, message) {
  print({ failure: { status, code, message } });
  return 1;
}

/**
 * @param {object} hooks
 * @param {(onEvent: (type: string, data: string) => void) => { feed(text: string): void; end(): void }} hooks.parser
 * @param {(body: object) => object} [hooks.body] rewrites the body before it is sent
 * @param {boolean} [hooks.keepBom] decode without removing a leading byte order mark
 * @param {(name: string) => void} [hooks.onName] sees every event name (may throw)
 * @param {(event: {event: string, data: unknown}) => {event: string, data: unknown}} [hooks.map]
 * @param {boolean} [hooks.buffer] print the events only when the stream has ended
 * @param {boolean} [hooks.endIsSuccess] treat a stream that ends without a terminal event as a success
 * @param {Set<string>} [hooks.terminals] event names that end the stream
 * @param {boolean} [hooks.noApiKey] send no X-API-Key
 * @param {number} [hooks.timeoutMs] give up on the whole call after this long
 * @param {boolean} [hooks.retry429] send the request once more, at once, after a 429
 * @param {boolean} [hooks.envelopeRequired] parse every error body as JSON, whatever it is
 * @param {boolean} [hooks.noStatus] report HTTP failures without their status
 * @param {Set<string>} [hooks.knownCodes] report only these error codes, others as null
 * @param {boolean} [hooks.unwrap] print `data` of a JSON answer instead of the whole body
 * @param {boolean} [hooks.anyStatusSucceeds] exit 0 for every 200 JSON answer
 * @param {'utf-8' | 'per-chunk' | 'latin1'} [hooks.decoding] how bytes become text
 * @param {boolean} [hooks.strictMembers] throw on a member whose name starts with x_
 * @param {Set<string>} [hooks.handled] hand over only these event names
 */
export async function drive(hooks) {
  const req = JSON.parse(process.env.AIP_REQUEST);
  const body = hooks.body ? hooks.body(structuredClone(req.body)) : req.body;
  const streaming = req.endpoint === 'hub' ? body.stream === true : body.options?.stream === true;
  const headers = {
    'Content-Type': 'application/json',
    Accept: streaming ? 'text/event-stream' : 'application/json',
  };
  if (!hooks.noApiKey) headers['X-API-Key'] = process.env.AIP_API_KEY;
  if (req.endpoint === 'portable') headers['X-AIP-Agent'] = req.agent;
  const path = req.endpoint === 'hub' ? '/v1/aip/invoke' : '/.well-known/aip/invoke';
  const signal = hooks.timeoutMs ? AbortSignal.timeout(hooks.timeoutMs) : undefined;
  const send = () =>
    fetch(`${process.env.AIP_BASE_URL}${path}`, { method: 'POST', headers, body: JSON.stringify(body), signal });
  let res;
  try {
    res = await send();
    if (res.status === 429 && hooks.retry429) {
      await res.arrayBuffer();
      res = await send();
    }
  } catch (err) {
    return failure(null, null, `network error: ${err.message}`);
  }
  if (!res.ok) {
    const text = await res.text();
    let code = null;
    if (hooks.envelopeRequired) code = JSON.parse(text).error.code;
    try {
      const parsed = JSON.parse(text);
      if (typeof parsed?.error?.code === 'string') code = parsed.error.code;
    } catch {
      // Not an error envelope (a proxy's page): the status is all there is.
    }
    if (hooks.knownCodes && !hooks.knownCodes.has(code)) code = null;
    return failure(hooks.noStatus ? null : res.status, code, `HTTP ${res.status}`);
  }
  if (!streaming) {
    const answer = await res.json();
    if (hooks.strictMembers) rejectExtensions(answer);
    print({ response: hooks.unwrap ? answer.data : answer });
    return hooks.anyStatusSucceeds || answer?.data?.status === 'completed' ? 0 : 1;
  }
  const terminals = hooks.terminals ?? new Set(['complete', 'error']);
  const held = [];
  let terminal;
  const parser = hooks.parser((type, data) => {
    if (terminal) return;
    hooks.onName?.(type);
    if (!CATALOGUE.has(type) || (hooks.handled && !hooks.handled.has(type))) return;
    const event = (hooks.map ?? ((e) => e))({ event: type, data: JSON.parse(data) });
    if (hooks.strictMembers) rejectExtensions(event.data);
    if (hooks.buffer) held.push(event);
    else print(event);
    if (terminals.has(type)) terminal = type;
  });
  const decoding = hooks.decoding ?? 'utf-8';
  const decoder = new TextDecoder(decoding === 'latin1' ? 'latin1' : 'utf-8', { ignoreBOM: hooks.keepBom === true });
  const reader = res.body.getReader();
  try {
    while (!terminal) {
      const { done, value } = await reader.read();
      if (done) {
        parser.feed(decoder.decode());
        parser.end();
        break;
      }
      parser.feed(decoder.decode(value, { stream: decoding !== 'per-chunk' }));
    }
  } catch (err) {
    return failure(null, null, `stream failed: ${err.message}`);
  } finally {
    reader.cancel().catch(() => undefined);
  }
  for (const e of held) print(e);
  if (terminal === 'complete') return 0;
  if (terminal) return 1;
  if (hooks.endIsSuccess) return 0;
  return failure(null, null, 'the stream ended without a terminal event');
}
