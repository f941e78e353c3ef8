import type { ErrorObject, Usage } from '../../src/index.ts';
import { AgentFailure } from '../agents/failure.ts';
import type { AgentRunInput, AgentStep } from '../agents/types.ts';
import type { App } from '../app.ts';
import type { InvocationRecord, NewBlock } from '../storage/store.ts';
import { countTokens } from '../storage/tokens.ts';
import type { PreparedInvocation } from './prepare.ts';
import type { AbortReason, RunControl } from './run-control.ts';
import { StepGuard } from './step-guard.ts';
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
export async function runInvocation(
  app: App,
  prepared: PreparedInvocation,
  control: RunControl,
  emit: Emit,
): Promise<void> {
  const { id, deployed, session, context } = prepared;
  await emit({ event: 'start', data: { invocationId: id, agent: deployed.manifest.id, session } });
  await emit({
    event: 'context_assembled',
    data: {
      tokenCount: context.tokenCount,
      blocksIncluded: context.blocks.length,
      blockIds: context.blocks.map((b) => b.id),
      droppedBlockIds: context.droppedBlockIds,
    },
  });

  const texts: string[] = [];
  const guard = new StepGuard();
  let steps: Steps;
  try {
    steps = iterate(deployed.agent.run(agentInput(prepared, control)));
  } catch (e) {
    return end(app, prepared, emit, texts, failureOf(e));
  }

  for (;;) {
    let next: IteratorResult<AgentStep> | typeof ABORTED;
    try {
      // A synchronous agent's step is taken as is; only a pending one is raced against abort.
      const pulled = steps.next();
      next = isThenable(pulled) ? await control.race(pulled, ABORTED) : pulled;
      if (next !== ABORTED && (typeof next !== 'object' || next === null))
        throw new TypeError('The agent returned an iterator result that is not an object.');
    } catch (e) {
      return end(app, prepared, emit, texts, control.aborted ? cancelledError(control) : failureOf(e));
    }
    if (next === ABORTED) {
      leave(steps);
      return end(app, prepared, emit, texts, cancelledError(control));
    }
    if (next.done) break;
    const guarded = guard.accept(next.value);
    if (guarded.kind === 'skip') continue;
    if (guarded.kind === 'violation') {
      leave(steps);
      return end(app, prepared, emit, texts, brokenRules(guarded.reason));
    }
    if (guarded.event.event === 'text_delta') texts.push(guarded.event.data.content);
    await emit(guarded.event);
    if (control.aborted) {
      leave(steps);
      return end(app, prepared, emit, texts, cancelledError(control));
    }
  }

  const unfinished = guard.unfinished();
  if (unfinished) return end(app, prepared, emit, texts, brokenRules(unfinished));
  if (control.aborted) return end(app, prepared, emit, texts, cancelledError(control));
  const output = texts.join('');
  const usage = usageOf(prepared, output);
  let blocksCreated: string[] = [];
  if (session !== null) {
    const blocks: NewBlock[] = prepared.save
      ? [
          { type: 'conversation', content: [{ role: 'user', content: prepared.prompt }] },
          { type: 'conversation', content: [{ role: 'assistant', content: output }] },
        ]
      : [];
    try {
      blocksCreated = (await record(app, prepared, { status: 'completed', output, usage }, blocks)).blocksCreated;
    } catch (e) {
      logFailure(app, id, e);
      await emit({
        event: 'error',
        data: {
          invocationId: id,
          error: {
            code: 'internal_error',
            message: 'The hub could not save the invocation; retry it.',
            retryable: true,
          },
          usage,
        },
      });
      return;
    }
  }
  await emit({ event: 'complete', data: { invocationId: id, output, session, blocksCreated, usage } });
}

/** Ends a run that did not complete: records it (saving no blocks), then sends the `error` event. */
async function end(app: App, prepared: PreparedInvocation, emit: Emit, texts: string[], ended: Ended): Promise<void> {
  const output = texts.join('');
  const usage = usageOf(prepared, output);
  if (prepared.session !== null) {
    await record(app, prepared, { status: ended.status, output, usage, errorCode: ended.error.code }, []).catch(
      (e: unknown) => logFailure(app, prepared.id, e),
    );
  }
  await emit({ event: 'error', data: { invocationId: prepared.id, error: ended.error, usage } });
}

interface Ended {
  status: 'failed' | 'cancelled';
  error: ErrorObject;
}

const agentError = (message: string): Ended => ({
  status: 'failed',
  error: { code: 'agent_error', message, retryable: false },
});
/** A thrown error ends the run as `agent_error`, unless the agent named another code (§19.2 `fail`). */
const failureOf = (e: unknown): Ended =>
  e instanceof AgentFailure
    ? { status: 'failed', error: { code: e.code, message: messageOf(e), retryable: e.retryable } }
    : agentError(messageOf(e));
const brokenRules = (reason: string): Ended => agentError(`The agent broke the stream rules: ${reason}.`);
const cancelledError = (control: RunControl): Ended => ({
  status: 'cancelled',
  error: { code: 'cancelled', message: CANCEL_MESSAGES[control.reason ?? 'client-disconnected'], retryable: true },
});

type Steps = Iterator<AgentStep> | AsyncIterator<AgentStep>;

/** An async iterable is iterated as such; a plain one (an agent that never waits) synchronously. */
function iterate(steps: AsyncIterable<AgentStep> | Iterable<AgentStep>): Steps {
  return Symbol.asyncIterator in steps ? steps[Symbol.asyncIterator]() : steps[Symbol.iterator]();
}

function isThenable<T>(value: T | PromiseLike<T>): value is PromiseLike<T> {
  return typeof (value as { then?: unknown } | null)?.then === 'function';
}

/** Lets go of an agent the run stops pulling (its cleanup runs; its failures are its own). */
function leave(steps: Steps): void {
  try {
    const done = steps.return?.();
    if (isThenable(done)) done.then(undefined, () => undefined);
  } catch {
    // The agent's cleanup failed; the run is over either way.
  }
}

function usageOf(prepared: PreparedInvocation, output: string): Usage {
  const { tokenCount } = prepared.context;
  return {
    contextTokens: tokenCount,
    inputTokens: tokenCount + countTokens(prepared.prompt) + PROMPT_OVERHEAD_TOKENS,
    outputTokens: countTokens(output),
  };
}

function agentInput(prepared: PreparedInvocation, control: RunControl): AgentRunInput {
  return {
    prompt: prepared.prompt,
    attachments: prepared.attachments,
    context: prepared.context.blocks,
    signal: control.signal,
  };
}

/** Saves the outcome of a session invocation (ephemeral invocations save nothing, as the contract says). */
async function record(
  app: App,
  prepared: PreparedInvocation,
  outcome: Pick<InvocationRecord, 'status' | 'output' | 'usage'> & { errorCode?: string },
  blocks: NewBlock[],
): Promise<Pick<InvocationRecord, 'blocksCreated'>> {
  return app.store.recordInvocation(
    prepared.owner,
    {
      id: prepared.id,
      agent: prepared.deployed.manifest.id,
      sessionId: prepared.session,
      createdAt: new Date().toISOString(),
      ...outcome,
    },
    blocks,
  );
}

function messageOf(error: unknown): string {
  const text = error instanceof Error ? error.message : '';
  return text.length > 0 ? text.slice(0, 1000) : 'The agent failed without saying why.';
}

function logFailure(app: App, invocationId: string, error: unknown): void {
  app.log(
    `invocation ${invocationId}: could not record the outcome: ${error instanceof Error ? error.message : String(error)}`,
  );
}
