import type { HubInvokeRequest } from '../../src/index.ts';
import type { RequestContext } from '../http/context.ts';
import { checkBody } from '../http/request-validation.ts';
import type { Reply, Route } from '../http/router.ts';
import { invoke } from './invoke.ts';

async function invokeHub(ctx: RequestContext): Promise<Reply> {
  const invalid = checkBody('hub-invoke-request', ctx.body);
  if (invalid) return invalid;
  const body = ctx.body as HubInvokeRequest;
  return await invoke(
    ctx,
    {
      agent: body.agent,
      prompt: body.prompt,
      attachments: [],
      session: body.session ?? null,
      context: body.context ?? {},
      enrichment: body.enrichment ?? 'none',
      enrichmentConfig: body.enrichmentConfig ?? {},
      stream: body.stream ?? false,
      saveToSession: body.saveToSession ?? true,
    },
    (pointer) => pointer,
  );
}

export const hubInvokeRoutes: Route[] = [
  { path: '/v1/aip/invoke', methods: { POST: { auth: true, body: 'json', handler: invokeHub } } },
];
