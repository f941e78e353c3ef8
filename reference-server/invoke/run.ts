import type { ErrorObject, Usage } from '../../src/index.ts';
import type { AgentStep } from '../agents/types.ts';
import type { App } from '../http/context.ts';
import type { InvocationRecord, NewBlock } from '../storage/store.ts';
import { countTokens } from '../storage/tokens.ts';
import type { PreparedInvocation } from './prepare.ts';
import { createStepGuard } from './step-guard.ts';
import type { WireEvent } from './wire-event.ts';

/** Tokens charged per invocation on top of context and prompt (framing the agent receives). */
export const PROMPT_OVERHEAD_TOKENS = 16;

/** Why a run was aborted; decides the wording of its `cancelled` error. */
export type AbortReason = 'client-disconnected' | 'shutdown' | 'stalled';

const CANCEL_MESSAGES: Record<AbortReason, string> = {
  'client-disconnected': 'The client disconnected before the invocation finished; invoke again to get an answer.',
  shutdown: 'The server is shutting down; retry the invocation against a running server.',
  stalled: 'The client stopped reading the stream; invoke again and read the stream promptly.',
};

const ABORTED = Symbol('aborted');

/**
 * Runs a prepared invocation as the sequence of wire events it produces. The pipeline, not the
 * agent, emits `start`, `context_assembled` and exactly one terminal event, keeps the output and
 * usage, and saves the exchange. It pulls the agent one step at a time, so a consumer that stops
 * pulling (backpressure) pauses the agent. After `signal` aborts it records the run as cancelled
 * and ends with an `error` event of code `cancelled`.
 */
export async function* runInvocation(app: App, prepared: PreparedInvocation, signal: AbortSignal): AsyncGenerator<WireEvent, void, undefined> {
  const { id, deployed, session, context } = prepared;
  yield { event: 'start', data: { invocationId: id, agent: deployed.manifest.id, session } };
  yield {
    event: 'context_assembled',
    data: {
      tokenCount: context.tokenCount,
      blocksIncluded: context.blocks.length,
      blockIds: context.blocks.map((b) => b.id),
      droppedBlockIds: context.droppedBlockIds,
    },
  };

  const texts: string[] = [];
  const guard = createStepGuard();
  const usage = (): Usage => ({
    contextTokens: context.tokenCount,
    inputTokens: context.tokenCount + countTokens(prepared.prompt) + PROMPT_OVERHEAD_TOKENS,
    outputTokens: countTokens(texts.join('')),
  });
  const end = async (status: 'failed' | 'cancelled', error: ErrorObject): Promise<WireEvent> => {
    const spent = usage();
    await record(app, prepared, { status, output: texts.join(''), usage: spent, errorCode: error.code }, []).catch((e: unknown) => logFailure(app, id, e));
    return { event: 'error', data: { invocationId: id, error, usage: spent } };
  };
  const cancelled = () => end('cancelled', { code: 'cancelled', message: CANCEL_MESSAGES[reasonOf(signal)], retryable: true });
  const agentFailed = (message: string) => end('failed', { code: 'agent_error', message, retryable: false });

  let steps: AsyncIterator<AgentStep>;
  try {
    steps = deployed.agent.run({ prompt: prepared.prompt, attachments: prepared.attachments, context: context.blocks, signal })[Symbol.asyncIterator]();
  } catch (e) {
    yield await agentFailed(messageOf(e));
    return;
  }

  const pull = abortablePuller(steps, signal);
  for (;;) {
    let next: IteratorResult<AgentStep> | typeof ABORTED;
    try {
      next = await pull();
    } catch (e) {
      yield await (signal.aborted ? cancelled() : agentFailed(messageOf(e)));
      return;
    }
    if (next === ABORTED) {
      steps.return?.().catch(() => undefined);
      yield await cancelled();
      return;
    }
    if (next.done) break;
    const guarded = guard.accept(next.value);
    if (guarded.kind === 'skip') continue;
    if (guarded.kind === 'violation') {
      steps.return?.().catch(() => undefined);
      yield await agentFailed(`The agent broke the stream rules: ${guarded.reason}.`);
      return;
    }
    if (guarded.event.event === 'text_delta') texts.push(guarded.event.data.content);
    yield guarded.event;
    if (signal.aborted) {
      steps.return?.().catch(() => undefined);
      yield await cancelled();
      return;
    }
  }

  const unfinished = guard.unfinished();
  if (unfinished) {
    yield await agentFailed(`The agent broke the stream rules: ${unfinished}.`);
    return;
  }
  if (signal.aborted) {
    yield await cancelled();
    return;
  }
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
    yield { event: 'error', data: { invocationId: id, error: { code: 'internal_error', message: 'The hub could not save the invocation; retry it.', retryable: true }, usage: finalUsage } };
    return;
  }
  yield { event: 'complete', data: { invocationId: id, output, session, blocksCreated: saved.blocksCreated, usage: finalUsage } };
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

/**
 * Pulls steps so that each pull settles with ABORTED as soon as the signal fires, even when the
 * agent ignores the signal. One abort listener per run, so long runs accumulate nothing.
 */
function abortablePuller(steps: AsyncIterator<AgentStep>, signal: AbortSignal): () => Promise<IteratorResult<AgentStep> | typeof ABORTED> {
  let wake: ((value: typeof ABORTED) => void) | undefined;
  signal.addEventListener('abort', () => wake?.(ABORTED), { once: true });
  return () =>
    signal.aborted
      ? Promise.resolve(ABORTED)
      : new Promise((resolve, reject) => {
          wake = resolve;
          steps.next().then(resolve, reject);
        });
}

function reasonOf(signal: AbortSignal): AbortReason {
  const reason: unknown = signal.reason;
  return reason === 'shutdown' || reason === 'stalled' ? reason : 'client-disconnected';
}

function messageOf(error: unknown): string {
  const text = error instanceof Error ? error.message : '';
  return text.length > 0 ? text.slice(0, 1000) : 'The agent failed without saying why.';
}

function logFailure(app: App, invocationId: string, error: unknown): void {
  app.log(`invocation ${invocationId}: could not record the outcome: ${error instanceof Error ? error.message : String(error)}`);
}
