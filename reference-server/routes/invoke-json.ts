import type { Invocation } from '../../src/index.ts';
import type { RequestContext } from '../http/context.ts';
import type { Reply } from '../http/router.ts';
import type { PreparedInvocation } from '../invoke/prepare.ts';
import { RunControl } from '../invoke/run-control.ts';
import { runInvocation } from '../invoke/run.ts';
import type { WireEvent } from '../invoke/wire-event.ts';

/**
 * Answers with the finished invocation. It runs through the same event sequence as a stream, so
 * the JSON answer and the stream of an invocation cannot disagree.
 */
export async function respondWithJson(ctx: RequestContext, prepared: PreparedInvocation): Promise<Reply> {
  const { app, res } = ctx;
  const control = new RunControl();
  app.running.add(control);
  let answered = false;
  res.on('close', () => {
    if (!answered) control.abort('client-disconnected');
  });

  const texts: string[] = [];
  let invocation: Invocation | undefined;
  const { id, session } = prepared;
  const agent = prepared.deployed.manifest.id;
  try {
    await runInvocation(app, prepared, control, ({ event, data }: WireEvent): undefined => {
      if (event === 'text_delta') texts.push(data.content);
      else if (event === 'complete') {
        invocation = {
          id,
          status: 'completed',
          output: data.output,
          agent,
          session,
          blocksCreated: data.blocksCreated,
          usage: data.usage,
        };
      } else if (event === 'error') {
        const status = data.error.code === 'cancelled' ? 'cancelled' : 'failed';
        const usage = data.usage ?? { contextTokens: 0, inputTokens: 0, outputTokens: 0 };
        invocation = {
          id,
          status,
          output: texts.join(''),
          agent,
          session,
          blocksCreated: [],
          usage,
          error: data.error,
        };
      }
      return undefined;
    });
  } finally {
    app.running.delete(control);
    answered = true;
  }
  if (!invocation) throw new Error('invocation ended without a terminal event');
  return { kind: 'json', status: 200, body: { data: invocation } };
}
