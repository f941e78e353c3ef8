/** §7 Portable invoke endpoint: the X-AIP-Agent header, aip_version, the request schema and its mapping to the hub. */
import { sectionChecks } from './_section.ts';
import { describeViolations, validate } from '../../src/index.ts';
import type { Check, CheckSpec } from '../types.ts';
import { checkError, errorCheck, expectedText } from './_expect-error.ts';
import { hubJson, portableJson } from './_fixtures.ts';
import { contextSession, createSession } from './_hub.ts';
import {
  agentOf,
  dataOf,
  describe,
  errorOf,
  isObject,
  NO_SUCH_AGENT,
  NO_SUCH_SESSION,
  portableBody,
  portableInvoke,
  PROMPT,
  requireData,
} from './_http.ts';
import { requireInvocation } from './_evidence.ts';
import { Findings } from './_outcome.ts';
import { payload } from './_streams.ts';

/** One negative test per required member, wrong type and bad enum of the portable request. */
const INVALID_BODIES: Array<{ slug: string; what: string; body: Record<string, unknown>; field: string }> = [
  { slug: 'missing-prompt', what: 'no prompt', body: { aip_version: '0.1.0' }, field: '/prompt' },
  {
    slug: 'prompt-not-object',
    what: 'prompt as a string',
    body: { aip_version: '0.1.0', prompt: PROMPT },
    field: '/prompt',
  },
  {
    slug: 'missing-prompt-content',
    what: 'prompt without content',
    body: { aip_version: '0.1.0', prompt: {} },
    field: '/prompt/content',
  },
  {
    slug: 'empty-prompt-content',
    what: 'an empty prompt.content',
    body: { aip_version: '0.1.0', prompt: { content: '' } },
    field: '/prompt/content',
  },
  {
    slug: 'prompt-content-not-string',
    what: 'prompt.content as a number',
    body: { aip_version: '0.1.0', prompt: { content: 42 } },
    field: '/prompt/content',
  },
  {
    slug: 'attachments-not-array',
    what: 'prompt.attachments as an object',
    body: { aip_version: '0.1.0', prompt: { content: PROMPT, attachments: {} } },
    field: '/prompt/attachments',
  },
  {
    slug: 'unknown-attachment-type',
    what: 'an attachment of type "video"',
    body: {
      aip_version: '0.1.0',
      prompt: { content: PROMPT, attachments: [{ type: 'video', url: 'https://example.com/v.mp4' }] },
    },
    field: '/prompt/attachments/0',
  },
  {
    slug: 'file-attachment-without-data',
    what: 'a file attachment without data',
    body: {
      aip_version: '0.1.0',
      prompt: { content: PROMPT, attachments: [{ type: 'file', name: 'a.txt', media_type: 'text/plain' }] },
    },
    field: '/prompt/attachments/0',
  },
  {
    slug: 'context-not-object',
    what: 'context as a string',
    body: { ...portableBody(), context: 'sess_x' },
    field: '/context',
  },
  {
    slug: 'malformed-session-id',
    what: 'context.session_id without the sess_ prefix',
    body: portableBody({ content: { session_id: 'abc' } }),
    field: '/context/session_id',
  },
  {
    slug: 'zero-max-tokens',
    what: 'context.max_tokens 0',
    body: portableBody({ content: { max_tokens: 0 } }),
    field: '/context/max_tokens',
  },
  {
    slug: 'unknown-enrichment',
    what: 'context.enrichment "sometimes"',
    body: portableBody({ content: { enrichment: 'sometimes' } }),
    field: '/context/enrichment',
  },
  {
    slug: 'include-by-tag-not-array',
    what: 'context.include_by_tag as a string',
    body: portableBody({ content: { include_by_tag: 'alpha' } }),
    field: '/context/include_by_tag',
  },
  {
    slug: 'options-not-object',
    what: 'options as an array',
    body: { ...portableBody(), options: [] },
    field: '/options',
  },
  {
    slug: 'stream-not-boolean',
    what: 'options.stream "yes"',
    body: portableBody({ options: { stream: 'yes' } }),
    field: '/options/stream',
  },
  {
    slug: 'save-to-session-not-boolean',
    what: 'options.save_to_session 1',
    body: portableBody({ options: { save_to_session: 1 } }),
    field: '/options/save_to_session',
  },
];

const invalidBodyChecks: CheckSpec[] = INVALID_BODIES.map((c) =>
  errorCheck({
    id: `portable.rejects-${c.slug}`,
    title: `Portable invoke with ${c.what} gets 400 invalid_request`,
    requirements: ['AIP-HTTP-005', 'AIP-ERR-005'],
    profile: 'core',
    action: `POST /.well-known/aip/invoke with ${c.what}`,
    request: (ctx) => ({
      method: 'POST',
      path: '/.well-known/aip/invoke',
      headers: { 'X-AIP-Agent': agentOf(ctx) },
      json: c.body,
    }),
    expect: { status: 400, code: 'invalid_request', field: { related: c.field } },
  }),
);

const VERSION_INVALID = { status: 400, code: 'invalid_request', field: '/aip_version' } as const;

export const PORTABLE_CHECKS: Check[] = sectionChecks(import.meta.url, [
  {
    id: 'portable.invoke-json',
    title: 'A valid portable invoke gets 200 and an invoke-response',
    requirements: ['AIP-PORT-001', 'AIP-INV-002'],
    profile: 'core',
    action:
      'POST /.well-known/aip/invoke {aip_version, prompt} with X-AIP-Agent: <agent>; validate against invoke-response',
    async run(ctx) {
      const res = await ctx.use(portableJson);
      const f = new Findings();
      if (f.expect(res.status === 200, `the request was not accepted: ${describe(res)}`)) {
        const v = validate('invoke-response', res.json);
        if (!v.ok)
          f.add(
            `the body is not a valid invoke-response: ${res.jsonError ? `not JSON (${res.jsonError})` : describeViolations(v.violations)}`,
            ['AIP-INV-002'],
          );
      }
      return f.outcome('HTTP 200 and {"data": Invocation}');
    },
  },
  errorCheck({
    id: 'portable.missing-agent-header',
    title: 'Portable invoke without X-AIP-Agent gets 400 agent_header_required',
    requirements: ['AIP-PORT-002'],
    profile: 'core',
    action: 'POST /.well-known/aip/invoke with a valid body and no X-AIP-Agent header',
    request: () => ({ method: 'POST', path: '/.well-known/aip/invoke', json: portableBody() }),
    expect: { status: 400, code: 'agent_header_required', field: 'header:X-AIP-Agent' },
  }),
  errorCheck({
    id: 'portable.empty-agent-header',
    title: 'Portable invoke with an empty X-AIP-Agent gets 400 agent_header_required',
    requirements: ['AIP-PORT-002'],
    profile: 'core',
    action: 'POST /.well-known/aip/invoke with a valid body and "X-AIP-Agent: " (empty)',
    request: () => ({
      method: 'POST',
      path: '/.well-known/aip/invoke',
      headers: { 'X-AIP-Agent': '' },
      json: portableBody(),
    }),
    expect: { status: 400, code: 'agent_header_required', field: 'header:X-AIP-Agent' },
  }),
  errorCheck({
    id: 'portable.unknown-agent',
    title: 'Portable invoke of an unknown agent gets 404 agent_not_found',
    requirements: ['AIP-PORT-003'],
    profile: 'core',
    action: `POST /.well-known/aip/invoke with X-AIP-Agent: ${NO_SUCH_AGENT}`,
    request: () => ({
      method: 'POST',
      path: '/.well-known/aip/invoke',
      headers: { 'X-AIP-Agent': NO_SUCH_AGENT },
      json: portableBody(),
    }),
    expect: { status: 404, code: 'agent_not_found' },
  }),
  errorCheck({
    id: 'portable.agent-not-slug',
    title: 'An X-AIP-Agent that is not a slug gets 404 agent_not_found, not a schema error',
    requirements: ['AIP-PORT-003'],
    profile: 'core',
    action: 'POST /.well-known/aip/invoke with X-AIP-Agent: Not A Slug! (Appendix A.36)',
    request: () => ({
      method: 'POST',
      path: '/.well-known/aip/invoke',
      headers: { 'X-AIP-Agent': 'Not A Slug!' },
      json: portableBody(),
    }),
    expect: { status: 404, code: 'agent_not_found' },
  }),
  errorCheck({
    id: 'portable.missing-version',
    title: 'Portable invoke without aip_version gets 400 invalid_request at /aip_version',
    requirements: ['AIP-PORT-004'],
    profile: 'core',
    action: 'POST /.well-known/aip/invoke {prompt} without aip_version',
    request: (ctx) => ({
      method: 'POST',
      path: '/.well-known/aip/invoke',
      headers: { 'X-AIP-Agent': agentOf(ctx) },
      json: { prompt: { content: PROMPT } },
    }),
    expect: VERSION_INVALID,
  }),
  errorCheck({
    id: 'portable.version-not-string',
    title: 'A numeric aip_version gets 400 invalid_request at /aip_version',
    requirements: ['AIP-PORT-004'],
    profile: 'core',
    action: 'POST /.well-known/aip/invoke with aip_version 1',
    request: (ctx) => ({
      method: 'POST',
      path: '/.well-known/aip/invoke',
      headers: { 'X-AIP-Agent': agentOf(ctx) },
      json: { ...portableBody(), aip_version: 1 },
    }),
    expect: VERSION_INVALID,
  }),
  errorCheck({
    id: 'portable.version-malformed',
    title: 'An aip_version not of the form major.minor.patch gets 400 invalid_request',
    requirements: ['AIP-PORT-004'],
    profile: 'core',
    action: 'POST /.well-known/aip/invoke with aip_version "0.1"',
    request: (ctx) => ({
      method: 'POST',
      path: '/.well-known/aip/invoke',
      headers: { 'X-AIP-Agent': agentOf(ctx) },
      json: { ...portableBody(), aip_version: '0.1' },
    }),
    expect: VERSION_INVALID,
  }),
  {
    id: 'portable.unsupported-version',
    title: 'An unsupported aip_version gets 400 unsupported_version listing the supported ones',
    requirements: ['AIP-PORT-005'],
    profile: 'core',
    action: 'POST /.well-known/aip/invoke with aip_version "99.0.0"',
    async run(ctx) {
      const res = await portableInvoke(ctx, { ...portableBody(), aip_version: '99.0.0' });
      const f = new Findings();
      const expect = { status: 400, code: 'unsupported_version' };
      checkError(f, res, expect);
      const details = errorOf(res)?.details;
      const supported = isObject(details) ? details.supported : undefined;
      f.expect(
        Array.isArray(supported) && supported.includes('0.1.0'),
        `error.details.supported is ${JSON.stringify(supported) ?? 'absent'}; expected a list including "0.1.0"`,
      );
      return f.outcome(`${expectedText(expect)} and details.supported including "0.1.0"`);
    },
  },
  errorCheck({
    id: 'portable.version-checked-first',
    title: 'aip_version is checked before the rest of the body',
    requirements: ['AIP-PORT-006'],
    profile: 'core',
    action: 'POST /.well-known/aip/invoke {"aip_version": "99.0.0"} (no prompt)',
    request: (ctx) => ({
      method: 'POST',
      path: '/.well-known/aip/invoke',
      headers: { 'X-AIP-Agent': agentOf(ctx) },
      json: { aip_version: '99.0.0' },
    }),
    expect: { status: 400, code: 'unsupported_version' },
  }),
  errorCheck({
    id: 'portable.version-before-agent-header',
    title: 'aip_version is checked before X-AIP-Agent',
    requirements: ['AIP-PORT-006', 'AIP-HTTP-013'],
    profile: 'core',
    action: 'POST /.well-known/aip/invoke {"aip_version": "99.0.0", prompt} without X-AIP-Agent (§3.4 step 6)',
    request: () => ({
      method: 'POST',
      path: '/.well-known/aip/invoke',
      json: { ...portableBody(), aip_version: '99.0.0' },
    }),
    expect: { status: 400, code: 'unsupported_version' },
  }),
  errorCheck({
    id: 'portable.non-object-before-agent-header',
    title: 'A portable body that is not an object fails as a whole, before X-AIP-Agent',
    requirements: ['AIP-HTTP-005', 'AIP-ERR-005', 'AIP-HTTP-013'],
    profile: 'core',
    action: 'POST /.well-known/aip/invoke with the body [] and without X-AIP-Agent (Appendix A.33)',
    request: () => ({ method: 'POST', path: '/.well-known/aip/invoke', json: [] }),
    expect: { status: 400, code: 'invalid_request', field: '' },
  }),
  ...invalidBodyChecks,
  {
    id: 'portable.attachments-accepted',
    title: 'Every valid attachment kind is accepted',
    requirements: ['AIP-PORT-008'],
    profile: 'core',
    action: 'POST /.well-known/aip/invoke with a text, a url and a file attachment',
    async run(ctx) {
      const body = {
        ...portableBody(),
        prompt: {
          content: PROMPT,
          attachments: [
            { type: 'text', name: 'notes.txt', text: 'Some notes.' },
            { type: 'url', url: 'https://example.com/spec', name: 'spec', media_type: 'text/html' },
            { type: 'file', name: 'a.txt', media_type: 'text/plain', data: Buffer.from('hello').toString('base64') },
          ],
        },
      };
      const res = await portableInvoke(ctx, body, { label: 'invoke with attachments' });
      const f = new Findings();
      if (f.expect(res.status === 200, `the request with attachments was refused: ${describe(res)}`))
        requireInvocation(res, 'the answer to the request with attachments');
      return f.outcome('HTTP 200 with an invocation');
    },
  },
  errorCheck({
    id: 'portable.unknown-session',
    title: 'Portable invoke naming an unknown session gets 404 session_not_found',
    requirements: ['AIP-INV-008', 'AIP-SES-001', 'AIP-PORT-007'],
    profile: 'core',
    action: `POST /.well-known/aip/invoke with context.session_id ${NO_SUCH_SESSION}`,
    request: (ctx) => ({
      method: 'POST',
      path: '/.well-known/aip/invoke',
      headers: { 'X-AIP-Agent': agentOf(ctx) },
      json: portableBody({ content: { session_id: NO_SUCH_SESSION } }),
    }),
    expect: { status: 404, code: 'session_not_found' },
  }),
  {
    id: 'portable.maps-session-and-save',
    title: 'context.session_id and options.save_to_session map to the hub semantics',
    requirements: ['AIP-PORT-007', 'AIP-INV-010', 'AIP-INV-011', 'AIP-INV-016'],
    profile: 'hub',
    action:
      'Creates a session; portable invoke with context.session_id (saves), then with options.save_to_session false (saves nothing)',
    async run(ctx) {
      const session = await createSession(ctx, 'portable mapping');
      const f = new Findings();
      const saved = requireData(
        await portableInvoke(ctx, portableBody({ content: { session_id: session.id } }), {
          label: 'portable invoke with a session',
        }),
        'a portable invoke with a session',
      );
      f.expect(
        saved.session === session.id,
        `data.session is ${JSON.stringify(saved.session)}, not the session named in context.session_id`,
        ['AIP-INV-010'],
      );
      const created = Array.isArray(saved.blocksCreated) ? saved.blocksCreated : [];
      f.expect(
        created.length >= 2,
        `with a session and save_to_session absent, blocksCreated is ${JSON.stringify(saved.blocksCreated)}; expected the two conversation blocks`,
        ['AIP-INV-011'],
      );
      const unsaved = requireData(
        await portableInvoke(
          ctx,
          portableBody({ content: { session_id: session.id }, options: { save_to_session: false } }),
          { label: 'portable invoke with save_to_session false' },
        ),
        'a portable invoke with save_to_session false',
      );
      f.expect(
        Array.isArray(unsaved.blocksCreated) && unsaved.blocksCreated.length === 0,
        `with save_to_session false, blocksCreated is ${JSON.stringify(unsaved.blocksCreated)}`,
        ['AIP-INV-016'],
      );
      return f.outcome(
        'data.session = the session; blocksCreated: two or more ids when saving, [] with save_to_session false',
      );
    },
  },
  {
    id: 'portable.maps-context-selection',
    title: 'context.include_by_tag maps to includeByTag',
    requirements: ['AIP-PORT-007', 'AIP-CTX-004'],
    profile: 'hub',
    action:
      'Portable stream with context {session_id, include_by_tag: ["alpha"]} and save_to_session false on a session of tagged blocks; reads context_assembled',
    applies: (t) => (t.agentStreams ? undefined : 'the chosen agent does not stream'),
    async run(ctx) {
      const cs = await ctx.use(contextSession);
      const res = await portableInvoke(
        ctx,
        portableBody({
          content: { session_id: cs.session.id, include_by_tag: ['alpha'] },
          options: { stream: true, save_to_session: false },
        }),
        { label: 'portable stream selecting tag alpha' },
      );
      const assembled = payload(res.stream?.events.find((e) => e.type === 'context_assembled'));
      const f = new Findings();
      if (!assembled) {
        f.add(`no context_assembled event: ${describe(res)}`);
        return f.outcome();
      }
      const got = new Set([...(assembled.blockIds as string[]), ...(assembled.droppedBlockIds as string[])]);
      const want = new Set([cs.blocks.A.id, cs.blocks.C.id, cs.blocks.P.id]);
      const same = got.size === want.size && [...want].every((id) => got.has(id));
      f.expect(
        same,
        `candidates were ${[...got].map((id) => cs.nameOf.get(id) ?? id).join(', ') || 'none'}; expected A, C (tag alpha) and the pinned P`,
      );
      return f.outcome('blockIds ∪ droppedBlockIds = the alpha-tagged blocks plus the pinned block');
    },
  },
  {
    id: 'portable.same-answer-as-hub',
    title: 'The portable endpoint answers exactly like the hub endpoint',
    requirements: ['AIP-PORT-007'],
    profile: 'hub',
    action:
      'The same agent and prompt through POST /.well-known/aip/invoke and POST /v1/aip/invoke (JSON); compare the answers',
    async run(ctx) {
      const portable = await ctx.use(portableJson);
      const hub = await ctx.use(hubJson);
      const a = dataOf(portable);
      const b = dataOf(hub);
      const f = new Findings();
      f.expect(
        portable.status === hub.status,
        `portable HTTP ${String(portable.status)} vs hub HTTP ${String(hub.status)}`,
      );
      if (!a || !b) {
        f.add(`not both answers are {"data": …}: portable ${describe(portable)}; hub ${describe(hub)}`);
        return f.outcome();
      }
      const keys = (o: Record<string, unknown>) =>
        Object.keys(o)
          .filter((k) => !k.startsWith('x_'))
          .sort()
          .join(',');
      f.expect(keys(a) === keys(b), `data members differ: portable {${keys(a)}} vs hub {${keys(b)}}`);
      for (const k of ['status', 'agent', 'session'] as const)
        f.expect(a[k] === b[k], `data.${k}: portable ${JSON.stringify(a[k])} vs hub ${JSON.stringify(b[k])}`);
      f.expect(
        JSON.stringify(a.blocksCreated) === JSON.stringify(b.blocksCreated),
        `blocksCreated: portable ${JSON.stringify(a.blocksCreated)} vs hub ${JSON.stringify(b.blocksCreated)}`,
      );
      return f.outcome('the same status, members, agent, session and blocksCreated');
    },
  },
]);
