/**
 * Typed client for AIP 0.1.0 endpoints (`aip-kit/client`). Uses the platform `fetch`; every
 * answer is validated against the published schemas, and every failure is an `AipError` with a
 * stable `code`.
 *
 * ```ts
 * import { AipError, collect, createClient } from 'aip-kit/client';
 *
 * const aip = createClient({ baseUrl: 'https://hub.example.com', apiKey: process.env.AIP_API_KEY });
 * const session = await aip.sessions.create({ name: 'refactor' });
 * for await (const e of aip.stream({ agent: 'code-assistant', prompt: 'Add tests', session: session.id })) {
 *   if (e.event === 'text_delta') process.stdout.write(e.data.content);
 * }
 * const { output, terminal } = await collect(aip.stream({ agent: 'echo', prompt: 'hi' })); // terminal: complete | error
 * const run = await aip.invoke({ agent: 'echo', prompt: 'hi', session: session.id }); // run.output, run.blocksCreated
 * try { await aip.invoke({ agent: 'nope', prompt: 'hi' }); }
 * catch (e) { if (e instanceof AipError) console.error(e.code, e.status, e.field); } // agent_not_found 404
 * ```
 */
export { createClient } from './client.ts';
export type {
  AipClient,
  AipEventStream,
  BlockListQuery,
  ClientOptions,
  Page,
  PortableInvokeInput,
  SessionListQuery,
} from './client.ts';
export type { CallOptions } from './transport.ts';
export { collect } from './collect.ts';
export type { CollectedStream, CompleteEvent, ErrorEvent, TerminalEvent } from './collect.ts';
export { AipError, AipStreamError, CLIENT_ERROR_CODES } from './errors.ts';
export type { AipErrorInit, ClientErrorCode, HttpFallbackCode } from './errors.ts';
export { redactedKey } from './redact.ts';
export type { AipEvent, Invocation } from '../protocol/index.ts';
