import type { RequestContext } from '../http/context.ts';
import type { Reply } from '../http/router.ts';
import { prepareInvocation, type FieldOf, type InvokeInput } from '../invoke/prepare.ts';
import { respondWithJson } from './invoke-json.ts';
import { respondWithStream } from './invoke-stream.ts';

/** The invocation pipeline both invoke endpoints share once their request is validated. */
export async function invoke(ctx: RequestContext, input: InvokeInput, fieldOf: FieldOf): Promise<Reply> {
  const prepared = await prepareInvocation(ctx.app, ctx.owner, input, fieldOf);
  if (!prepared.ok) return prepared.error;
  return await (input.stream ? respondWithStream(ctx, prepared.value) : respondWithJson(ctx, prepared.value));
}
