import { BLOCK_TYPES, type CreateBlockRequest } from '../../src/index.ts';
import { apiError } from '../api-error.ts';
import type { RequestContext } from '../http/context.ts';
import { badCursor, oneOf, pageQuery } from '../http/query.ts';
import { checkBody } from '../http/request-validation.ts';
import type { Reply, Route } from '../http/router.ts';
import { InvalidCursorError } from '../storage/store.ts';
import { blockSummaryView, blockView } from '../views/block-view.ts';

const sessionNotFound = (field?: string) =>
  apiError(
    'session_not_found',
    'No session with this id is visible to this API key; check the id, or create a session with POST /v1/aip/sessions.',
    field === undefined ? {} : { field },
  );

async function createBlock(ctx: RequestContext): Promise<Reply> {
  const invalid = checkBody('create-block-request', ctx.body);
  if (invalid) return invalid;
  const body = ctx.body as CreateBlockRequest;
  const blocks = await ctx.app.store.addBlocks(ctx.owner, body.sessionId, [
    { type: body.type, content: body.content, tags: body.tags, pinned: body.pinned, importance: body.importance },
  ]);
  const block = blocks?.[0];
  return block ? { kind: 'json', status: 201, body: { data: blockView(block) } } : sessionNotFound('/sessionId');
}

async function listBlocks(ctx: RequestContext): Promise<Reply> {
  const paging = pageQuery(ctx.query);
  if (!paging.ok) return paging.error;
  const type = oneOf(ctx.query, 'type', BLOCK_TYPES);
  if (!type.ok) return type.error;
  const pinned = oneOf(ctx.query, 'pinned', ['true', 'false'] as const);
  if (!pinned.ok) return pinned.error;
  try {
    const page = await ctx.app.store.listBlocks(ctx.owner, ctx.params.sessionId!, {
      ...paging.value,
      type: type.value,
      pinned: pinned.value === undefined ? undefined : pinned.value === 'true',
    });
    if (!page) return sessionNotFound();
    const meta = page.nextCursor === undefined ? { hasMore: false } : { hasMore: true, nextCursor: page.nextCursor };
    return { kind: 'json', status: 200, body: { data: page.items.map(blockSummaryView), meta } };
  } catch (e) {
    if (e instanceof InvalidCursorError) return badCursor();
    throw e;
  }
}

export const blockRoutes: Route[] = [
  { path: '/v1/aip/blocks', methods: { POST: { auth: true, body: 'json', handler: createBlock } } },
  { path: '/v1/aip/sessions/:sessionId/blocks', methods: { GET: { auth: true, body: 'none', handler: listBlocks } } },
];
