// Plain Node, no loader: every entry of the installed tarball, and the README's client snippet against the
// reference server started from the package. Prints one line per step; any failure throws.
import assert from 'node:assert/strict';
import { validate, WIRE_SCHEMAS } from 'aip-kit';
import { AipError, collect, createClient } from 'aip-kit/client';
import { KIT, runConformance } from 'aip-kit/conformance';
import pkg from 'aip-kit/package.json' with { type: 'json' };
import sessionSchema from 'aip-kit/schemas/session.json' with { type: 'json' };
import { createServer } from 'aip-kit/server';
import { createParser, encodeEvent } from 'aip-kit/sse';

assert.equal(validate('hub-invoke-request', { agent: 'echo', prompt: 'hi' }).ok, true);
assert.equal(validate('hub-invoke-request', { agent: 1 }).ok, false);
assert.ok(Object.keys(WIRE_SCHEMAS).length > 10);
assert.equal(sessionSchema.$id, 'https://schemas.aip-kit.org/0.1.0/session.json');
assert.equal(KIT.version, pkg.version);
assert.equal(typeof runConformance, 'function');
console.log('entries: ok');

const frames = [];
const parser = createParser({ onEvent: (e) => frames.push(e) });
parser.feed(encodeEvent({ event: 'text_delta', data: { content: 'hi' } }));
assert.deepEqual(
  frames.map((e) => [e.type, e.data]),
  [['text_delta', '{"content":"hi"}']],
);
console.log('sse: ok');

const key = 'smoke-key';
const server = createServer({ apiKeys: [key] });
const { url } = await server.listen(0);
try {
  // The README snippet, pointed at the local server.
  const aip = createClient({ baseUrl: url, apiKey: key });
  const session = await aip.sessions.create({ name: 'refactor' });
  let streamed = '';
  for await (const e of aip.stream({ agent: 'code-assistant', prompt: 'Add tests', session: session.id })) {
    if (e.event === 'text_delta') streamed += e.data.content;
  }
  assert.ok(streamed.length > 0);
  const { output, terminal } = await collect(aip.stream({ agent: 'echo', prompt: 'hi' }));
  assert.equal(terminal.event, 'complete');
  assert.ok(output.includes('hi'));
  await assert.rejects(aip.invoke({ agent: 'nope', prompt: 'hi' }), (e) => {
    assert.ok(e instanceof AipError);
    assert.equal(e.code, 'agent_not_found');
    assert.equal(e.status, 404);
    return true;
  });
  console.log('client against server: ok');
} finally {
  await server.close();
}
