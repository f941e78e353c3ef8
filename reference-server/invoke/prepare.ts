import type { Attachment, ContextSelection, EnrichmentConfig, EnrichmentMode } from '../../src/index.ts';
import type { DeployedAgent } from '../agents/catalog.ts';
import { assembleContext } from '../context/assemble.ts';
import { apiError, fail, ok, type Result } from '../api-error.ts';
import type { App } from '../app.ts';
import type { AssembledContext } from '../storage/store.ts';
import { newInvocationId } from './invocation-id.ts';

/** A validated invoke request in hub (camelCase) form; the portable route maps into it. */
export interface InvokeInput {
  agent: string;
  prompt: string;
  attachments: Attachment[];
  session: string | null;
  context: ContextSelection;
  enrichment: EnrichmentMode;
  enrichmentConfig: EnrichmentConfig;
  stream: boolean;
  saveToSession: boolean;
}

/** Translates a hub body pointer (`/session`) into the caller's vocabulary (`/context/session_id`). */
export type FieldOf = (hubPointer: string) => string;

/** Everything a run needs, resolved before the response starts, so request failures are never in a stream. */
export interface PreparedInvocation {
  id: string;
  owner: string;
  deployed: DeployedAgent;
  prompt: string;
  attachments: Attachment[];
  session: string | null;
  save: boolean;
  context: AssembledContext;
}

export async function prepareInvocation(
  app: App,
  owner: string,
  input: InvokeInput,
  fieldOf: FieldOf,
): Promise<Result<PreparedInvocation>> {
  const deployed = app.agents.get(input.agent);
  if (!deployed) {
    return fail(
      apiError(
        'agent_not_found',
        `No agent "${input.agent}" is deployed here; GET /.well-known/aip/agent lists the agents.`,
        { field: fieldOf('/agent') },
      ),
    );
  }
  if (input.stream && !deployed.manifest.stream) {
    return fail(
      apiError('streaming_unsupported', `Agent "${deployed.manifest.id}" cannot stream; invoke it without streaming.`, {
        field: fieldOf('/stream'),
      }),
    );
  }
  if (input.session !== null && !(await app.store.getSession(owner, input.session))) {
    return fail(
      apiError(
        'session_not_found',
        `No session "${input.session}" is visible to this API key; create one with POST /v1/aip/sessions or omit it.`,
        { field: fieldOf('/session') },
      ),
    );
  }
  const assembled = await assembleContext(app.store, owner, input.session, {
    selection: input.context,
    enrichment: input.enrichment,
    enrichmentConfig: input.enrichmentConfig,
    defaultMaxTokens: deployed.manifest.context_requirements.max_tokens,
  });
  if (!assembled.ok) {
    return fail(
      apiError(
        'block_not_found',
        `No block "${assembled.blockId}" is available to this invocation; name blocks of the invoked session as context, and only your own blocks for enrichment.`,
        { field: fieldOf(assembled.field) },
      ),
    );
  }
  return ok({
    id: newInvocationId(),
    owner,
    deployed,
    prompt: input.prompt,
    attachments: input.attachments,
    session: input.session,
    save: input.saveToSession,
    context: assembled.context,
  });
}
