/** §13 Blocks: create (every type), content validation, appending, list with filters and pagination. */
import { sectionChecks } from './_section.ts';
import { canonicalJson, describeViolations, validate } from '../../src/index.ts';
import type { Check } from '../types.ts';
import { checkError, errorCheck } from './_expect-error.ts';
import { contextSession, createSession, getSession, type BlockData, type SessionData } from './_hub.ts';
import type { Fixture } from '../types.ts';
import { BLOCKS, describe, isObject, NO_SUCH_SESSION, SESSIONS } from './_http.ts';
import { Findings } from './_outcome.ts';

/** A valid content per block type. */
const SAMPLES: Array<{ type: string; content: unknown; extra?: Record<string, unknown> }> = [
  {
    type: 'conversation',
    content: [
      { role: 'user', content: 'Hello' },
      { role: 'assistant', content: 'Hi.' },
    ],
  },
  {
    type: 'file',
    content: { path: 'src/app.ts', content: 'export const x = 1;\n', language: 'typescript' },
    extra: { tags: ['code'], importance: 0.75 },
  },
  { type: 'diff', content: { path: 'src/app.ts', diff: '--- a/src/app.ts\n+++ b/src/app.ts\n@@ -1 +1 @@\n-x\n+y\n' } },
  { type: 'event', content: { name: 'deploy', description: 'Deployed to staging', data: { env: 'staging' } } },
  { type: 'note', content: 'Remember the release date.', extra: { pinned: true } },
  { type: 'summary', content: { text: 'Earlier discussion about auth.' } },
  { type: 'tool_result', content: { tool: 'run_tests', input: { path: 'test/' }, output: { passed: 3 } } },
];

/** Content that does not match its type, and where the answer's field must point. */
/** `exact`: the whole content is wrong, so `field` is `/content` itself (Appendix A.42). */
const BAD_CONTENT: Array<{ slug: string; what: string; type: string; content: unknown; exact?: true }> = [
  { slug: 'note-without-content', what: 'a note without content', type: 'note', content: undefined, exact: true },
  { slug: 'note-content-object', what: 'a note whose content is an object', type: 'note', content: {}, exact: true },
  { slug: 'file-without-path', what: 'a file block without content.path', type: 'file', content: { content: 'x' } },
  { slug: 'empty-conversation', what: 'a conversation with no turns', type: 'conversation', content: [] },
  {
    slug: 'event-without-name',
    what: 'an event block without content.name',
    type: 'event',
    content: { description: 'x' },
  },
];

const INVALID_MEMBERS: Array<{
  slug: string;
  what: string;
  body: (sessionId: string) => Record<string, unknown>;
  field: string;
}> = [
  {
    slug: 'missing-session-id',
    what: 'no sessionId',
    body: () => ({ type: 'note', content: 'x' }),
    field: '/sessionId',
  },
  {
    slug: 'malformed-session-id',
    what: 'sessionId "abc"',
    body: () => ({ sessionId: 'abc', type: 'note', content: 'x' }),
    field: '/sessionId',
  },
  {
    slug: 'unknown-type',
    what: 'type "video"',
    body: (s) => ({ sessionId: s, type: 'video', content: 'x' }),
    field: '/type',
  },
  {
    slug: 'importance-out-of-range',
    what: 'importance 2',
    body: (s) => ({ sessionId: s, type: 'note', content: 'x', importance: 2 }),
    field: '/importance',
  },
  {
    slug: 'pinned-not-boolean',
    what: 'pinned "yes"',
    body: (s) => ({ sessionId: s, type: 'note', content: 'x', pinned: 'yes' }),
    field: '/pinned',
  },
  {
    slug: 'tags-not-array',
    what: 'tags "a"',
    body: (s) => ({ sessionId: s, type: 'note', content: 'x', tags: 'a' }),
    field: '/tags',
  },
];

/** A session for create requests that should be refused, so a hub that accepts one spoils no other check. */
const scratchSession: Fixture<SessionData> = {
  name: 'scratch-session',
  create: (ctx) => createSession(ctx, 'refused blocks'),
};

async function listQuery(ctx: Parameters<Check['run']>[0], sessionId: string, query: string, label: string) {
  const res = await ctx.send({ method: 'GET', path: `${SESSIONS}/${sessionId}/blocks?${query}`, label });
  const body = res.json;
  const data = isObject(body) && Array.isArray(body.data) ? (body.data.filter(isObject) as BlockData[]) : undefined;
  const meta = isObject(body) && isObject(body.meta) ? body.meta : undefined;
  return { res, data, meta };
}

export const BLOCK_CHECKS: Check[] = sectionChecks(import.meta.url, [
  {
    id: 'blocks.create-every-type',
    title: 'A block of every type is created as requested',
    requirements: ['AIP-BLK-001', 'AIP-BLK-003', 'AIP-BLK-004'],
    profile: 'hub',
    action: 'POST /v1/aip/blocks once per block type with valid content; compares each answer with its request',
    async run(ctx) {
      const session = await createSession(ctx, 'block types');
      const f = new Findings();
      for (const s of SAMPLES) {
        const req = { sessionId: session.id, type: s.type, content: s.content, ...s.extra };
        const res = await ctx.send({ method: 'POST', path: BLOCKS, json: req, label: `create a ${s.type} block` });
        if (!f.expect(res.status === 201, `${s.type}: ${describe(res)}`, ['AIP-BLK-001'])) continue;
        const v = validate('block-response', res.json);
        if (!v.ok) {
          f.add(`${s.type}: not a valid block-response: ${describeViolations(v.violations)}`, ['AIP-BLK-001']);
          continue;
        }
        const b = (res.json as { data: BlockData & { content: unknown } }).data;
        const m = b.metadata;
        f.expect(
          b.sessionId === session.id && b.type === s.type,
          `${s.type}: sessionId/type are ${b.sessionId}/${b.type}`,
          ['AIP-BLK-003'],
        );
        f.expect(
          canonicalJson(b.content) === canonicalJson(s.content),
          `${s.type}: content differs from the request's`,
          ['AIP-BLK-003'],
        );
        f.expect(
          JSON.stringify(m.tags) === JSON.stringify(s.extra?.tags ?? []),
          `${s.type}: metadata.tags ${JSON.stringify(m.tags)}, expected ${JSON.stringify(s.extra?.tags ?? [])}`,
          ['AIP-BLK-003'],
        );
        f.expect(
          m.pinned === (s.extra?.pinned ?? false),
          `${s.type}: metadata.pinned ${String(m.pinned)}, expected ${String(s.extra?.pinned ?? false)}`,
          ['AIP-BLK-003'],
        );
        f.expect(m.compactionLevel === 0, `${s.type}: metadata.compactionLevel ${m.compactionLevel}, expected 0`, [
          'AIP-BLK-003',
        ]);
        if (s.type === 'file' || s.type === 'diff') {
          f.expect(
            m.path === (s.content as { path: string }).path,
            `${s.type}: metadata.path ${JSON.stringify(m.path)} ≠ content.path`,
            ['AIP-BLK-003'],
          );
        }
        if (s.extra?.importance !== undefined)
          f.expect(
            m.importance === s.extra.importance,
            `${s.type}: importance ${m.importance}, requested ${String(s.extra.importance)}`,
            ['AIP-BLK-004'],
          );
        else
          f.expect(m.importance >= 0 && m.importance <= 1, `${s.type}: importance ${m.importance} outside 0..1`, [
            'AIP-BLK-004',
          ]);
      }
      return f.outcome(
        'HTTP 201 and a block with the request\u2019s session, type, content, tags, pinned, importance; compactionLevel 0; path for file and diff',
      );
    },
  },
  ...BAD_CONTENT.map((c) => ({
    id: `blocks.rejects-${c.slug}`,
    title: `Creating ${c.what} gets 400 invalid_request inside /content`,
    requirements: ['AIP-BLK-002'],
    profile: 'hub' as const,
    action: `POST /v1/aip/blocks with ${c.what}`,
    async run(ctx: Parameters<Check['run']>[0]) {
      const scratch = await ctx.use(scratchSession);
      const f = new Findings();
      const res = await ctx.send({
        method: 'POST',
        path: BLOCKS,
        json: { sessionId: scratch.id, type: c.type, content: c.content },
        label: c.what,
      });
      checkError(f, res, {
        status: 400,
        code: 'invalid_request',
        field: c.exact ? '/content' : { within: '/content' },
      });
      return f.outcome(`HTTP 400, invalid_request, field ${c.exact ? '/content' : 'inside /content'}`);
    },
  })),
  ...INVALID_MEMBERS.map((c) => ({
    id: `blocks.rejects-${c.slug}`,
    title: `Creating a block with ${c.what} gets 400 invalid_request`,
    requirements: ['AIP-HTTP-005', 'AIP-ERR-005'],
    profile: 'hub' as const,
    action: `POST /v1/aip/blocks with ${c.what}`,
    async run(ctx: Parameters<Check['run']>[0]) {
      const scratch = await ctx.use(scratchSession);
      const f = new Findings();
      checkError(f, await ctx.send({ method: 'POST', path: BLOCKS, json: c.body(scratch.id), label: c.what }), {
        status: 400,
        code: 'invalid_request',
        field: { related: c.field },
      });
      return f.outcome(`HTTP 400, invalid_request, field ${c.field}`);
    },
  })),
  errorCheck({
    id: 'blocks.unknown-session',
    title: 'Creating a block in an unknown session gets 404 session_not_found',
    requirements: ['AIP-SES-001'],
    profile: 'hub',
    action: `POST /v1/aip/blocks {sessionId: "${NO_SUCH_SESSION}", type: "note", content: "x"}`,
    request: () => ({ method: 'POST', path: BLOCKS, json: { sessionId: NO_SUCH_SESSION, type: 'note', content: 'x' } }),
    expect: { status: 404, code: 'session_not_found' },
  }),
  {
    id: 'blocks.appended-at-end',
    title: 'A new block is appended at the end of its session',
    requirements: ['AIP-BLK-005'],
    profile: 'hub',
    action: 'Creates a session and three blocks; after each, reads session.blocks',
    async run(ctx) {
      const s = await createSession(ctx, 'append');
      const f = new Findings();
      const ids: string[] = [];
      for (let i = 0; i < 3; i++) {
        const res = await ctx.send({
          method: 'POST',
          path: BLOCKS,
          json: { sessionId: s.id, type: 'note', content: `block ${i}` },
          label: `create block ${i}`,
        });
        const id = (res.json as { data?: { id?: string } } | undefined)?.data?.id;
        if (!f.expect(res.status === 201 && typeof id === 'string', `create block ${i}: ${describe(res)}`))
          return f.outcome();
        ids.push(id!);
        const now = await getSession(ctx, s.id, `session after block ${i}`);
        f.expect(
          JSON.stringify(now.blocks) === JSON.stringify(ids),
          `after block ${i}, session.blocks is ${JSON.stringify(now.blocks)}; expected ${JSON.stringify(ids)}`,
        );
      }
      return f.outcome('each new block last in session.blocks');
    },
  },
  {
    id: 'blocks.list',
    title: 'The block list is valid and oldest first',
    requirements: ['AIP-BLK-006'],
    profile: 'hub',
    action: 'GET /v1/aip/sessions/{tagged session}/blocks?limit=100',
    async run(ctx) {
      const cs = await ctx.use(contextSession);
      const { res, data } = await listQuery(ctx, cs.session.id, 'limit=100', 'list blocks');
      const f = new Findings();
      const v = validate('block-list-response', res.json);
      if (!f.expect(res.status === 200 && v.ok, `list: ${v.ok ? describe(res) : describeViolations(v.violations)}`))
        return f.outcome();
      f.expect(
        JSON.stringify(data!.map((b) => b.id)) === JSON.stringify(cs.order),
        `listed ${JSON.stringify(data!.map((b) => b.id))}; created oldest first as ${JSON.stringify(cs.order)}`,
      );
      return f.outcome('HTTP 200, a valid block-list-response in creation order');
    },
  },
  errorCheck({
    id: 'blocks.list-unknown-session',
    title: 'Listing the blocks of an unknown session gets 404 session_not_found',
    requirements: ['AIP-SES-001'],
    profile: 'hub',
    action: `GET /v1/aip/sessions/${NO_SUCH_SESSION}/blocks`,
    request: () => ({ method: 'GET', path: `${SESSIONS}/${NO_SUCH_SESSION}/blocks` }),
    expect: { status: 404, code: 'session_not_found' },
  }),
  {
    id: 'blocks.list-filters',
    title: 'type, tag and pinned restrict the block list',
    requirements: ['AIP-BLK-007'],
    profile: 'hub',
    action: 'Lists the tagged session with type=note, type=file, tag=alpha, pinned=true and pinned=false',
    async run(ctx) {
      const cs = await ctx.use(contextSession);
      const f = new Findings();
      const all = cs.order;
      const cases: Array<[string, string[]]> = [
        ['type=note', all],
        ['type=file', []],
        ['tag=alpha', [cs.blocks.A.id, cs.blocks.C.id]],
        ['pinned=true', [cs.blocks.P.id]],
        ['pinned=false', all.filter((id) => id !== cs.blocks.P.id)],
      ];
      for (const [query, want] of cases) {
        const { res, data } = await listQuery(ctx, cs.session.id, `${query}&limit=100`, `list ${query}`);
        const got = data?.map((b) => b.id);
        f.expect(
          res.status === 200 && JSON.stringify(got) === JSON.stringify(want),
          `?${query} listed ${JSON.stringify(got)} (${describe(res)}); expected ${JSON.stringify(want)}`,
        );
      }
      return f.outcome('only the matching blocks, oldest first');
    },
  },
  {
    id: 'blocks.list-bad-query',
    title: 'A bad type, pinned, limit or cursor gets 400 invalid_request naming the parameter',
    requirements: ['AIP-HTTP-009'],
    profile: 'hub',
    action: 'Lists the tagged session with type=video, pinned=maybe, limit=0 and cursor=not-a-cursor',
    async run(ctx) {
      const cs = await ctx.use(contextSession);
      const f = new Findings();
      for (const [query, name] of [
        ['type=video', 'type'],
        ['pinned=maybe', 'pinned'],
        ['limit=0', 'limit'],
        ['cursor=not-a-cursor', 'cursor'],
      ] as const) {
        const { res } = await listQuery(ctx, cs.session.id, query, query);
        checkError(f, res, { status: 400, code: 'invalid_request', field: `/query/${name}` }, `?${query}`);
      }
      return f.outcome('HTTP 400, invalid_request, field /query/<name>');
    },
  },
  {
    id: 'blocks.list-pagination',
    title: 'The block list paginates with limit and cursor',
    requirements: ['AIP-HTTP-010', 'AIP-HTTP-011'],
    profile: 'hub',
    action: 'Lists the tagged session (7 blocks) with limit=2 and follows nextCursor',
    async run(ctx) {
      const cs = await ctx.use(contextSession);
      const f = new Findings();
      const seen: string[] = [];
      let query = 'limit=2';
      for (let page = 1; page <= 10; page++) {
        const { res, data, meta } = await listQuery(ctx, cs.session.id, query, `page ${page}`);
        if (!f.expect(res.status === 200 && data !== undefined && meta !== undefined, `page ${page}: ${describe(res)}`))
          break;
        f.expect(data!.length <= 2, `page ${page} holds ${data!.length} entries with limit=2`, ['AIP-HTTP-010']);
        seen.push(...data!.map((b) => b.id));
        if (meta!.hasMore !== true) break;
        if (
          !f.expect(typeof meta!.nextCursor === 'string', `page ${page}: hasMore without nextCursor`, ['AIP-HTTP-011'])
        )
          break;
        query = `limit=2&cursor=${encodeURIComponent(meta!.nextCursor as string)}`;
      }
      f.expect(
        JSON.stringify(seen) === JSON.stringify(cs.order),
        `the pages gave ${JSON.stringify(seen)}; expected each block once, oldest first: ${JSON.stringify(cs.order)}`,
        ['AIP-HTTP-011'],
      );
      return f.outcome('pages of at most 2, every block exactly once in order');
    },
  },
]);
