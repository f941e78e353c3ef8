/** §12 Sessions: create, read, list (order, limit, cursor, tag), fork. */
import { sectionChecks } from './_section.ts';
import { describeViolations, validate } from '../../src/index.ts';
import type { ProbeResponse } from '../probe/index.ts';
import type { Check, CheckContext, Fixture } from '../types.ts';
import { checkError, errorCheck } from './_expect-error.ts';
import {
  contextSession,
  createBlock,
  createSession,
  getSession,
  listAllBlocks,
  type BlockData,
  type SessionData,
} from './_hub.ts';
import { agentOf, describe, hubInvoke, isObject, NO_SUCH_SESSION, PROMPT, requireData, SESSIONS } from './_http.ts';
import { Findings } from './_outcome.ts';

/**
 * Three sessions carrying a tag no other run uses, after a decoy with another tag: the material
 * of list, filter and pagination checks (the decoy exposes a hub that ignores the filter even
 * when the run creates nothing else).
 */
const taggedSessions: Fixture<{ tag: string; ids: string[]; decoy: string }> = {
  name: 'tagged-sessions',
  async create(ctx) {
    const tag = `aip-conformance-${ctx.runId}`;
    const decoy = (await createSession(ctx, 'listing decoy', { tags: [`${tag}-decoy`] })).id;
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push((await createSession(ctx, `listing ${i}`, { tags: [tag] })).id);
    return { tag, ids, decoy };
  },
};

async function listPage(
  ctx: CheckContext,
  query: string,
  label: string,
): Promise<{ res: ProbeResponse; data: Array<Record<string, unknown>>; meta: Record<string, unknown> }> {
  const res = await ctx.send({ method: 'GET', path: `${SESSIONS}?${query}`, label });
  const body = res.json;
  if (res.status !== 200 || !isObject(body) || !Array.isArray(body.data) || !isObject(body.meta)) {
    return { res, data: [], meta: {} };
  }
  return { res, data: body.data.filter(isObject), meta: body.meta };
}

const newest = (a: string, b: string) => Date.parse(a) >= Date.parse(b);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const sameMetadata = (a: BlockData, b: BlockData) =>
  JSON.stringify(a.metadata, Object.keys(a.metadata).sort()) ===
  JSON.stringify(b.metadata, Object.keys(b.metadata).sort());

const INVALID_CREATE: Array<{ slug: string; what: string; body: Record<string, unknown>; field: string }> = [
  { slug: 'missing-name', what: 'no name', body: {}, field: '/name' },
  { slug: 'empty-name', what: 'an empty name', body: { name: '' }, field: '/name' },
  { slug: 'tags-not-array', what: 'tags as a string', body: { name: 'x', tags: 'a' }, field: '/tags' },
  {
    slug: 'default-agent-not-slug',
    what: 'defaultAgent "Not A Slug!"',
    body: { name: 'x', defaultAgent: 'Not A Slug!' },
    field: '/defaultAgent',
  },
];

export const SESSION_CHECKS: Check[] = sectionChecks(import.meta.url, [
  {
    id: 'sessions.create',
    title: 'Creating a session answers 201 with an empty session as requested',
    requirements: ['AIP-SES-002'],
    profile: 'hub',
    action: 'POST /v1/aip/sessions {name, defaultAgent, tags}, and one with only a name',
    async run(ctx) {
      const f = new Findings();
      const name = ctx.unique('create');
      const agent = agentOf(ctx);
      const res = await ctx.send({
        method: 'POST',
        path: SESSIONS,
        json: { name, defaultAgent: agent, tags: ['one', 'two'] },
        label: 'create a session',
      });
      if (!f.expect(res.status === 201, `create: ${describe(res)}`)) return f.outcome();
      const v = validate('session-response', res.json);
      if (!v.ok) {
        f.add(`the body is not a valid session-response: ${describeViolations(v.violations)}`);
        return f.outcome();
      }
      const s = (res.json as { data: SessionData }).data;
      f.expect(s.name === name, `name is ${JSON.stringify(s.name)}`);
      f.expect(s.defaultAgent === agent, `defaultAgent is ${JSON.stringify(s.defaultAgent)}`);
      f.expect(JSON.stringify(s.tags) === '["one","two"]', `tags are ${JSON.stringify(s.tags)}`);
      f.expect(
        s.blocks.length === 0 && s.pinnedBlocks.length === 0,
        `a new session has blocks ${JSON.stringify(s.blocks)} and pinnedBlocks ${JSON.stringify(s.pinnedBlocks)}`,
      );
      for (const k of ['totalTokens', 'compactionCount', 'blockCount', 'invocationCount']) {
        f.expect(s.metrics[k] === 0, `metrics.${k} is ${JSON.stringify(s.metrics[k])}, expected 0`);
      }
      f.expect(s.updatedAt === s.createdAt, `updatedAt ${s.updatedAt} ≠ createdAt ${s.createdAt}`);
      const bare = requireData(
        await ctx.send({
          method: 'POST',
          path: SESSIONS,
          json: { name: ctx.unique('create bare') },
          label: 'create with only a name',
        }),
        'creating a session with only a name',
        201,
      );
      f.expect(
        Array.isArray(bare.tags) && bare.tags.length === 0,
        `without tags, tags is ${JSON.stringify(bare.tags)}, expected []`,
      );
      return f.outcome(
        'HTTP 201, the request\u2019s name, defaultAgent and tags ([] by default), no blocks, zero counters, updatedAt = createdAt',
      );
    },
  },
  ...INVALID_CREATE.map((c) =>
    errorCheck({
      id: `sessions.rejects-${c.slug}`,
      title: `Creating a session with ${c.what} gets 400 invalid_request`,
      requirements: ['AIP-HTTP-005', 'AIP-ERR-005'],
      profile: 'hub',
      action: `POST /v1/aip/sessions with ${c.what}`,
      request: () => ({ method: 'POST', path: SESSIONS, json: c.body }),
      expect: { status: 400, code: 'invalid_request', field: { related: c.field } },
    }),
  ),
  {
    id: 'sessions.create-from-session',
    title: 'Creating with fromSession forks the source with the request\u2019s name and tags',
    requirements: ['AIP-SES-003'],
    profile: 'hub',
    action: 'POST /v1/aip/sessions {name, tags, fromSession: <tagged session>, includeByTag: ["alpha"]}',
    async run(ctx) {
      const cs = await ctx.use(contextSession);
      const f = new Findings();
      const name = ctx.unique('from session');
      const s = requireData(
        await ctx.send({
          method: 'POST',
          path: SESSIONS,
          json: { name, tags: ['copy'], fromSession: cs.session.id, includeByTag: ['alpha'] },
          label: 'create from a session',
        }),
        'creating a session from another',
        201,
      ) as SessionData;
      f.expect(s.name === name, `name is ${JSON.stringify(s.name)}; the request's is ${JSON.stringify(name)}`);
      f.expect(JSON.stringify(s.tags) === '["copy"]', `tags are ${JSON.stringify(s.tags)}; the request's are ["copy"]`);
      f.expect(s.forkedFrom === cs.session.id, `forkedFrom is ${JSON.stringify(s.forkedFrom)}`);
      f.expect(
        s.blocks.length === 3,
        `the new session holds ${s.blocks.length} blocks; expected copies of A, C (alpha) and the pinned P`,
      );
      f.expect(
        !s.blocks.some((id) => cs.order.includes(id)),
        'the new session reuses source block ids instead of copies with new ids',
      );
      return f.outcome('a fork holding copies of the selected blocks, with the request\u2019s name and tags');
    },
  },
  errorCheck({
    id: 'sessions.create-from-unknown-session',
    title: 'fromSession naming an unknown session gets 404 session_not_found',
    requirements: ['AIP-SES-001'],
    profile: 'hub',
    action: `POST /v1/aip/sessions {name, fromSession: "${NO_SUCH_SESSION}"}`,
    request: (ctx) => ({
      method: 'POST',
      path: SESSIONS,
      json: { name: ctx.unique('from unknown'), fromSession: NO_SUCH_SESSION },
    }),
    expect: { status: 404, code: 'session_not_found' },
  }),
  {
    id: 'sessions.get',
    title: 'Reading a session answers 200 with a valid session-response',
    requirements: ['AIP-SES-004'],
    profile: 'hub',
    action: 'GET /v1/aip/sessions/{id} of a session the run created',
    async run(ctx) {
      const created = await createSession(ctx, 'read', { tags: ['read'] });
      const res = await ctx.send({ method: 'GET', path: `${SESSIONS}/${created.id}`, label: 'read the session' });
      const f = new Findings();
      if (f.expect(res.status === 200, `GET: ${describe(res)}`)) {
        const v = validate('session-response', res.json);
        if (!v.ok) f.add(`not a valid session-response: ${describeViolations(v.violations)}`);
        else {
          const s = (res.json as { data: SessionData }).data;
          f.expect(
            s.id === created.id && s.name === created.name,
            `the answer describes ${s.id} "${s.name}", not the session created`,
          );
        }
      }
      return f.outcome('HTTP 200 and the session');
    },
  },
  errorCheck({
    id: 'sessions.get-unknown',
    title: 'Reading an unknown session gets 404 session_not_found',
    requirements: ['AIP-SES-001'],
    profile: 'hub',
    action: `GET /v1/aip/sessions/${NO_SUCH_SESSION}`,
    request: () => ({ method: 'GET', path: `${SESSIONS}/${NO_SUCH_SESSION}` }),
    expect: { status: 404, code: 'session_not_found' },
  }),
  {
    id: 'sessions.blocks-and-pinned-order',
    title: 'blocks lists every block oldest first; pinnedBlocks the pinned ones in order',
    requirements: ['AIP-SES-005', 'AIP-BLK-005'],
    profile: 'hub',
    action: 'Reads the tagged session after creating its seven blocks in a known order',
    async run(ctx) {
      const cs = await ctx.use(contextSession);
      const s = await getSession(ctx, cs.session.id);
      const f = new Findings();
      f.expect(
        JSON.stringify(s.blocks) === JSON.stringify(cs.order),
        `blocks is ${JSON.stringify(s.blocks)}; created in the order ${JSON.stringify(cs.order)}`,
      );
      f.expect(
        JSON.stringify(s.pinnedBlocks) === JSON.stringify([cs.blocks.P.id]),
        `pinnedBlocks is ${JSON.stringify(s.pinnedBlocks)}; expected ["${cs.blocks.P.id}"]`,
        ['AIP-SES-005'],
      );
      return f.outcome('blocks in creation order; pinnedBlocks = the pinned subset');
    },
  },
  {
    id: 'sessions.metrics',
    title: 'blockCount, totalTokens and tokensRemainingPct agree with the blocks',
    requirements: ['AIP-SES-006'],
    profile: 'hub',
    action: 'Reads the metrics of the tagged session and recomputes them from its blocks',
    async run(ctx) {
      const cs = await ctx.use(contextSession);
      const s = await getSession(ctx, cs.session.id);
      const blocks = Object.values(cs.blocks);
      const total = blocks.reduce((sum, b) => sum + b.metadata.tokenCount, 0);
      const m = s.metrics;
      const f = new Findings();
      f.expect(m.blockCount === s.blocks.length, `blockCount ${m.blockCount} ≠ ${s.blocks.length} blocks`);
      f.expect(m.totalTokens === total, `totalTokens ${m.totalTokens} ≠ ${total}, the sum of the blocks' tokenCount`);
      const want = Math.max(0, ((m.maxTokens! - m.totalTokens!) / m.maxTokens!) * 100);
      f.expect(
        Math.abs(m.tokensRemainingPct! - want) <= 0.01,
        `tokensRemainingPct ${m.tokensRemainingPct} ≠ ${want} (tolerance 0.01)`,
      );
      return f.outcome(
        'blockCount = |blocks|, totalTokens = Σ tokenCount, tokensRemainingPct = (maxTokens − totalTokens) / maxTokens × 100',
      );
    },
  },
  {
    id: 'sessions.updated-at',
    title: 'updatedAt is never before createdAt and changes when a block is appended',
    requirements: ['AIP-SES-007'],
    profile: 'hub',
    action: 'Creates a session, reads it, appends a block, reads it again',
    async run(ctx) {
      const s = await createSession(ctx, 'updated at');
      const before = await getSession(ctx, s.id, 'before the block');
      // Millisecond timestamps cannot change within the same millisecond; the rule is about appends, not clocks.
      await new Promise((r) => setTimeout(r, 10));
      await createBlock(ctx, { sessionId: s.id, type: 'note', content: 'touch' });
      const after = await getSession(ctx, s.id, 'after the block');
      const f = new Findings();
      f.expect(
        newest(before.updatedAt, before.createdAt),
        `updatedAt ${before.updatedAt} is before createdAt ${before.createdAt}`,
      );
      f.expect(
        after.updatedAt !== before.updatedAt && newest(after.updatedAt, before.updatedAt),
        `updatedAt went from ${before.updatedAt} to ${after.updatedAt} when a block was appended`,
      );
      return f.outcome('updatedAt ≥ createdAt, and a later value after an append');
    },
  },
  {
    id: 'sessions.list',
    title: 'The session list is valid, most recently updated first, and filters by tag',
    requirements: ['AIP-SES-008', 'AIP-SES-009'],
    profile: 'hub',
    action:
      'Creates a decoy session and three sessions with a tag unique to this run; GET /v1/aip/sessions?tag=<it>&limit=100 and GET /v1/aip/sessions?limit=100',
    async run(ctx) {
      const { tag, ids, decoy } = await ctx.use(taggedSessions);
      const f = new Findings();
      const tagged = await listPage(ctx, `tag=${encodeURIComponent(tag)}&limit=100`, 'list by tag');
      const v = validate('session-list-response', tagged.res.json);
      if (
        !f.expect(
          tagged.res.status === 200 && v.ok,
          `list by tag: ${v.ok ? describe(tagged.res) : describeViolations(v.violations)}`,
          ['AIP-SES-008'],
        )
      )
        return f.outcome();
      const got = tagged.data.map((s) => s.id);
      f.expect(!got.includes(decoy), `?tag=${tag} listed the session ${decoy}, which only has the tag ${tag}-decoy`, [
        'AIP-SES-009',
      ]);
      f.expect(
        got.length === 3 && ids.every((id) => got.includes(id)),
        `?tag=${tag} listed ${JSON.stringify(got)}; expected exactly ${JSON.stringify(ids)}`,
        ['AIP-SES-009'],
      );
      f.expect(
        tagged.data.every((s) => Array.isArray(s.tags) && s.tags.includes(tag)),
        `?tag=${tag} listed sessions without that tag`,
        ['AIP-SES-009'],
      );
      for (const [what, page] of [
        ['the tagged list', tagged],
        ['the unfiltered list', await listPage(ctx, 'limit=100', 'list all')],
      ] as const) {
        const times = page.data.map((s) => String(s.updatedAt));
        const unordered = times.findIndex((t, i) => i > 0 && !newest(times[i - 1]!, t));
        f.expect(
          unordered < 0,
          `${what} is not most recently updated first at position ${unordered}: ${times[unordered - 1]} then ${times[unordered]}`,
          ['AIP-SES-008'],
        );
      }
      return f.outcome('a valid session-list-response, newest update first, only tagged sessions with ?tag');
    },
  },
  {
    id: 'sessions.unsaved-invocation-updates',
    title: 'An invocation that saves nothing still updates its session and moves it up the list',
    requirements: ['AIP-SES-008'],
    profile: 'hub',
    action:
      'Creates sessions A then B; invokes with A and saveToSession false; reads A and the session list (Appendix A.43)',
    async run(ctx) {
      // A few milliseconds apart, so that creation order and update order cannot tie.
      const a = await createSession(ctx, 'updated by an unsaved run');
      await sleep(5);
      const b = await createSession(ctx, 'created after it');
      await sleep(5);
      requireData(
        await hubInvoke(
          ctx,
          { agent: agentOf(ctx), prompt: PROMPT, session: a.id, saveToSession: false },
          {
            label: 'invoke with session A, saveToSession false',
          },
        ),
        'an invoke with saveToSession false',
      );
      const after = await getSession(ctx, a.id, 'session A after the invocation');
      const list = await listPage(ctx, 'limit=100', 'list all');
      const ids = list.data.map((s) => s.id);
      const f = new Findings();
      f.expect(
        newest(after.updatedAt, b.createdAt),
        `A's updatedAt ${after.updatedAt} is before B's createdAt ${b.createdAt}: the invocation did not update A`,
      );
      f.expect(
        ids.includes(a.id) && ids.includes(b.id) && ids.indexOf(a.id) < ids.indexOf(b.id),
        `the list has A at ${ids.indexOf(a.id)} and B at ${ids.indexOf(b.id)}; A was updated last, so it comes first`,
      );
      return f.outcome('A updated and listed before B');
    },
  },
  {
    id: 'sessions.list-limit',
    title: 'A list page holds at most limit entries (default 20)',
    requirements: ['AIP-HTTP-010'],
    profile: 'hub',
    action: 'GET /v1/aip/sessions?limit=1 and without limit, after creating at least three sessions',
    async run(ctx) {
      await ctx.use(taggedSessions);
      const f = new Findings();
      const one = await listPage(ctx, 'limit=1', 'limit=1');
      f.expect(
        one.res.status === 200 && one.data.length === 1,
        `?limit=1 gave ${one.data.length} entries (${describe(one.res)})`,
      );
      const dflt = await listPage(ctx, '', 'default limit');
      f.expect(
        dflt.res.status === 200 && dflt.data.length <= 20,
        `without limit the page holds ${dflt.data.length} entries (max 20)`,
      );
      return f.outcome('1 entry with limit=1; at most 20 by default');
    },
  },
  {
    id: 'sessions.list-bad-query',
    title: 'A bad limit or cursor gets 400 invalid_request naming the parameter',
    requirements: ['AIP-HTTP-009', 'AIP-HTTP-010'],
    profile: 'hub',
    action: 'GET /v1/aip/sessions with limit 0, 101 and "abc", and with a cursor the hub never issued',
    async run(ctx) {
      const f = new Findings();
      for (const limit of ['0', '101', 'abc']) {
        checkError(
          f,
          await ctx.send({ method: 'GET', path: `${SESSIONS}?limit=${limit}`, label: `limit=${limit}` }),
          { status: 400, code: 'invalid_request', field: '/query/limit' },
          `limit=${limit}`,
        );
      }
      checkError(
        f,
        await ctx.send({ method: 'GET', path: `${SESSIONS}?cursor=not-a-cursor`, label: 'bad cursor' }),
        { status: 400, code: 'invalid_request', field: '/query/cursor' },
        'cursor=not-a-cursor',
        ['AIP-HTTP-009'],
      );
      return f.outcome('HTTP 400 invalid_request with field /query/limit or /query/cursor');
    },
  },
  {
    id: 'sessions.pagination',
    title: 'Following nextCursor walks every session exactly once',
    requirements: ['AIP-HTTP-011'],
    profile: 'hub',
    action: 'GET /v1/aip/sessions?tag=<run tag>&limit=1, then follow meta.nextCursor to the end',
    async run(ctx) {
      const { tag, ids } = await ctx.use(taggedSessions);
      const f = new Findings();
      const seen: unknown[] = [];
      let query = `tag=${encodeURIComponent(tag)}&limit=1`;
      for (let page = 0; page < 10; page++) {
        const p = await listPage(ctx, query, `page ${page + 1}`);
        if (!f.expect(p.res.status === 200, `page ${page + 1}: ${describe(p.res)}`)) break;
        seen.push(...p.data.map((s) => s.id));
        if (p.meta.hasMore !== true) break;
        if (
          !f.expect(
            typeof p.meta.nextCursor === 'string' && p.meta.nextCursor !== '',
            `page ${page + 1}: hasMore is true without nextCursor`,
          )
        )
          break;
        query = `tag=${encodeURIComponent(tag)}&limit=1&cursor=${encodeURIComponent(p.meta.nextCursor as string)}`;
      }
      f.expect(
        seen.length === ids.length && ids.every((id) => seen.includes(id)),
        `walking the pages gave ${JSON.stringify(seen)}; expected each of ${JSON.stringify(ids)} once`,
      );
      return f.outcome('hasMore/nextCursor on every page but the last; each session once');
    },
  },
  {
    id: 'sessions.fork',
    title: 'Forking copies the selected blocks with new ids and inherits defaultAgent and tags',
    requirements: ['AIP-SES-010', 'AIP-SES-011', 'AIP-SES-013'],
    profile: 'hub',
    action:
      'POST /v1/aip/sessions/{tagged session}/fork {name, includeByTag: ["beta"]}; compares the copies with the source blocks',
    async run(ctx) {
      const cs = await ctx.use(contextSession);
      const f = new Findings();
      const name = ctx.unique('fork');
      const res = await ctx.send({
        method: 'POST',
        path: `${SESSIONS}/${cs.session.id}/fork`,
        json: { name, includeByTag: ['beta'] },
        label: 'fork',
      });
      if (
        !f.expect(res.status === 201 && validate('session-response', res.json).ok, `fork: ${describe(res)}`, [
          'AIP-SES-010',
        ])
      )
        return f.outcome();
      const fork = (res.json as { data: SessionData }).data;
      f.expect(fork.forkedFrom === cs.session.id, `forkedFrom is ${JSON.stringify(fork.forkedFrom)}`, ['AIP-SES-010']);
      f.expect(fork.name === name, `name is ${JSON.stringify(fork.name)}, not the request's`, ['AIP-SES-013']);
      f.expect(
        JSON.stringify(fork.tags) === JSON.stringify(cs.session.tags),
        `tags ${JSON.stringify(fork.tags)} are not the source's ${JSON.stringify(cs.session.tags)}`,
        ['AIP-SES-013'],
      );
      f.expect(
        fork.defaultAgent === cs.session.defaultAgent,
        `defaultAgent ${JSON.stringify(fork.defaultAgent)} is not the source's ${JSON.stringify(cs.session.defaultAgent)}`,
        ['AIP-SES-013'],
      );
      const copies = await listAllBlocks(ctx, fork.id);
      const sources = (['B', 'P', 'E'] as const).map((n) => cs.blocks[n]);
      f.expect(
        copies.length === sources.length,
        `the fork holds ${copies.length} blocks; expected copies of B, P and E (beta-tagged and pinned), in source order`,
        ['AIP-SES-011'],
      );
      copies.forEach((c, i) => {
        const src = sources[i];
        if (!src) return;
        f.expect(!cs.order.includes(c.id), `copy ${i} reuses the source id ${c.id}`, ['AIP-SES-011']);
        f.expect(
          c.type === src.type && sameMetadata(c, src),
          `copy ${i} differs from source block ${cs.nameOf.get(src.id)} in type or metadata`,
          ['AIP-SES-011'],
        );
        f.expect(
          c.createdAt === src.createdAt,
          `copy ${i} has createdAt ${c.createdAt}; its source ${cs.nameOf.get(src.id)} has ${src.createdAt} (copies keep it, Appendix A.35)`,
          ['AIP-SES-011'],
        );
      });
      return f.outcome(
        'HTTP 201, forkedFrom, the request name, the source tags and defaultAgent, copies of B, P, E in order',
      );
    },
  },
  {
    id: 'sessions.fork-leaves-source',
    title: 'Forking does not change the source session',
    requirements: ['AIP-SES-012'],
    profile: 'hub',
    action: 'Creates a session with two blocks, reads it, forks it, reads it again',
    async run(ctx) {
      const s = await createSession(ctx, 'fork source', { tags: ['src'] });
      await createBlock(ctx, { sessionId: s.id, type: 'note', content: 'one', tags: ['x'] });
      await createBlock(ctx, { sessionId: s.id, type: 'note', content: 'two', pinned: true });
      const before = await getSession(ctx, s.id, 'source before the fork');
      requireData(
        await ctx.send({
          method: 'POST',
          path: `${SESSIONS}/${s.id}/fork`,
          json: { includeByTag: ['x'] },
          label: 'fork',
        }),
        'forking',
        201,
      );
      const after = await getSession(ctx, s.id, 'source after the fork');
      const f = new Findings();
      for (const k of ['name', 'tags', 'blocks', 'pinnedBlocks', 'updatedAt'] as const) {
        f.expect(
          JSON.stringify(before[k]) === JSON.stringify(after[k]),
          `the source's ${k} changed from ${JSON.stringify(before[k])} to ${JSON.stringify(after[k])}`,
        );
      }
      f.expect(
        JSON.stringify(before.metrics) === JSON.stringify(after.metrics),
        `the source's metrics changed from ${JSON.stringify(before.metrics)} to ${JSON.stringify(after.metrics)}`,
      );
      return f.outcome('the source identical before and after');
    },
  },
  {
    id: 'sessions.fork-empty-body',
    title: 'The fork endpoint treats an empty body as {} and derives a name',
    requirements: ['AIP-SES-014', 'AIP-SES-013'],
    profile: 'hub',
    action: 'POST /v1/aip/sessions/{id}/fork with no body (a session with two blocks, one pinned)',
    async run(ctx) {
      const s = await createSession(ctx, 'fork empty body');
      await createBlock(ctx, { sessionId: s.id, type: 'note', content: 'one' });
      await createBlock(ctx, { sessionId: s.id, type: 'note', content: 'two', pinned: true });
      const res = await ctx.send({ method: 'POST', path: `${SESSIONS}/${s.id}/fork`, label: 'fork without a body' });
      const f = new Findings();
      if (!f.expect(res.status === 201, `fork without a body: ${describe(res)}`, ['AIP-SES-014'])) return f.outcome();
      const fork = (res.json as { data?: SessionData }).data;
      f.expect(
        typeof fork?.name === 'string' && fork.name.length > 0,
        `the fork's name is ${JSON.stringify(fork?.name)}; expected a non-empty derived name`,
        ['AIP-SES-013'],
      );
      f.expect(fork?.blocks.length === 2, `the fork holds ${String(fork?.blocks.length)} blocks; {} selects both`, [
        'AIP-SES-014',
      ]);
      return f.outcome('HTTP 201, a non-empty name, every block copied');
    },
  },
  errorCheck({
    id: 'sessions.fork-unknown',
    title: 'Forking an unknown session gets 404 session_not_found',
    requirements: ['AIP-SES-001'],
    profile: 'hub',
    action: `POST /v1/aip/sessions/${NO_SUCH_SESSION}/fork {}`,
    request: () => ({ method: 'POST', path: `${SESSIONS}/${NO_SUCH_SESSION}/fork`, json: {} }),
    expect: { status: 404, code: 'session_not_found' },
  }),
]);
