import type { ErrorObject, Usage } from '../../src/index.ts';
import type { AgentRunInput, AgentStep } from '../agents/types.ts';
import type { App } from '../http/context.ts';
import type { InvocationRecord, NewBlock } from '../storage/store.ts';
import { countTokens } from '../storage/tokens.ts';
import type { PreparedInvocation } from './prepare.ts';
import type { AbortReason, RunControl } from './run-control.ts';
import { createStepGuard } from './step-guard.ts';
import type { WireEvent } from './wire-event.ts';

/** Tokens charged per invocation on top of context and prompt (framing the agent receives). */
export const PROMPT_OVERHEAD_TOKENS = 16;

const CANCEL_MESSAGES: Record<AbortReason, string> = {
  'client-disconnected': 'The client disconnected before the invocation finished; invoke again to get an answer.',
  shutdown: 'The server is shutting down; retry the invocation against a running server.',
  stalled: 'The client stopped reading the stream; invoke again and read the stream promptly.',
};

const ABORTED = Symbol('aborted');

/** Receives each event; a returned promise means "wait before producing the next one". */
export type Emit = (event: WireEvent) => void | Promise<void>;

/**
 * Runs a prepared invocation, handing each wire event to `emit` as it is produced. The pipeline,
 * not the agent, emits `start`, `context_assembled` and exactly one terminal event, keeps the
 * output and usage, and saves the exchange. It pulls the agent one step at a time and not again
 * until `emit` is done, so a consumer that waits (backpressure) pauses the agent. Once `control`
 * is aborted it stops pulling, even from an agent that ignores its signal, records the run as
 * cancelled and ends with an `error` event of code `cancelled`.
 */
export async function runInvocation(app: App, prepared: PreparedInvocation, control: RunControl, emit: Emit): Promise<void> {
  const { id, deployed, session, context } = prepared;
  const send = async (event: WireEvent) => {
    const wait = emit(event);
    if (wait) await wait;
  };
  await send({ event: 'start', data: { invocationId: id, agent: deployed.manifest.id, session } });
  await send({
    event: 'context_assembled',
    data: {
      tokenCount: context.tokenCount,
      blocksIncluded: context.blocks.length,
      blockIds: context.blocks.map((b) => b.id),
      droppedBlockIds: context.droppedBlockIds,
    },
  });

  const texts: string[] = [];
  const guard = createStepGuard();
  const usage = (): Usage => ({
    contextTokens: context.tokenCount,
    inputTokens: context.tokenCount + countTokens(prepared.prompt) + PROMPT_OVERHEAD_TOKENS,
    outputTokens: countTokens(texts.join('')),
  });
  const end = async (status: 'failed' | 'cancelled', error: ErrorObject): Promise<void> => {
    const spent = usage();
    await record(app, prepared, { status, output: texts.join(''), usage: spent, errorCode: error.code }, []).catch((e: unknown) => logFailure(app, id, e));
    await send({ event: 'error', data: { invocationId: id, error, usage: spent } });
  };
  const cancelled = () => end('cancelled', { code: 'cancelled', message: CANCEL_MESSAGES[control.reason ?? 'client-disconnected'], retryable: true });
  const agentFailed = (message: string) => end('failed', { code: 'agent_error', message, retryable: false });

  let steps: AsyncIterator<AgentStep>;
  try {
    steps = deployed.agent.run(agentInput(prepared, control))[Symbol.asyncIterator]();
  } catch (e) {
    return agentFailed(messageOf(e));
  }
  const leave = () => void steps.return?.().catch(() => undefined);

  for (;;) {
    let next: IteratorResult<AgentStep> | typeof ABORTED;
    try {
      next = await control.race(steps.next(), ABORTED);
    } catch (e) {
      return control.aborted ? cancelled() : agentFailed(messageOf(e));
    }
    if (next === ABORTED) {
      leave();
      return cancelled();
    }
    if (next.done) break;
    const guarded = guard.accept(next.value);
    if (guarded.kind === 'skip') continue;
    if (guarded.kind === 'violation') {
      leave();
      return agentFailed(`The agent broke the stream rules: ${guarded.reason}.`);
    }
    if (guarded.event.event === 'text_delta') texts.push(guarded.event.data.content);
    await send(guarded.event);
    if (control.aborted) {
      leave();
      return cancelled();
    }
  }

  const unfinished = guard.unfinished();
  if (unfinished) return agentFailed(`The agent broke the stream rules: ${unfinished}.`);
  if (control.aborted) return cancelled();
  const output = texts.join('');
  const blocks: NewBlock[] =
    session !== null && prepared.save
      ? [
          { type: 'conversation', content: [{ role: 'user', content: prepared.prompt }] },
          { type: 'conversation', content: [{ role: 'assistant', content: output }] },
        ]
      : [];
  const finalUsage = usage();
  let saved: Pick<InvocationRecord, 'blocksCreated'>;
  try {
    saved = await record(app, prepared, { status: 'completed', output, usage: finalUsage }, blocks);
  } catch (e) {
    logFailure(app, id, e);
    return send({ event: 'error', data: { invocationId: id, error: { code: 'internal_error', message: 'The hub could not save the invocation; retry it.', retryable: true }, usage: finalUsage } });
  }
  await send({ event: 'complete', data: { invocationId: id, output, session, blocksCreated: saved.blocksCreated, usage: finalUsage } });
}

/** The agent's input; its `signal` is created on first read (see RunControl). */
function agentInput(prepared: PreparedInvocation, control: RunControl): AgentRunInput {
  return {
    prompt: prepared.prompt,
    attachments: prepared.attachments,
    context: prepared.context.blocks,
    get signal() {
      return control.signal;
    },
  };
}

/** Saves the outcome of a session invocation; an ephemeral one saves nothing, as the contract says. */
async function record(
  app: App,
  prepared: PreparedInvocation,
  outcome: Pick<InvocationRecord, 'status' | 'output' | 'usage'> & { errorCode?: string },
  blocks: NewBlock[],
): Promise<Pick<InvocationRecord, 'blocksCreated'>> {
  if (prepared.session === null) return { blocksCreated: [] };
  return app.store.recordInvocation(
    prepared.owner,
    { id: prepared.id, agent: prepared.deployed.manifest.id, sessionId: prepared.session, createdAt: new Date().toISOString(), ...outcome },
    blocks,
  );
}

function messageOf(error: unknown): string {
  const text = error instanceof Error ? error.message : '';
  return text.length > 0 ? text.slice(0, 1000) : 'The agent failed without saying why.';
}

function logFailure(app: App, invocationId: string, error: unknown): void {
  app.log(`invocation ${invocationId}: could not record the outcome: ${error instanceof Error ? error.message : String(error)}`);
}
