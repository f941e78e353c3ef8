import { describe, expect, it } from 'vitest';
import { AipStreamError, collect, type AipEvent } from '../../src/client/index.ts';
import { EVENTS } from './helpers/framings.ts';

const typed = EVENTS as AipEvent[];
const failed: AipEvent = {
  event: 'error',
  data: {
    invocationId: 'inv_fixture01',
    error: { code: 'agent_error', message: 'The agent crashed; retry later.', retryable: true },
  },
};

async function* from(events: AipEvent[]): AsyncGenerator<AipEvent> {
  yield* events;
}

describe('collect', () => {
  it('folds a completed stream; output is the concatenated deltas', async () => {
    const { output, events, terminal } = await collect(from(typed));
    expect(events).toEqual(typed);
    expect(terminal).toEqual(typed.at(-1));
    expect(output).toBe('Héllo, wörld 🎉\nline two — 世界: "quoted" \\ done.');
  });

  it('returns a failed run as its error terminal with the partial output', async () => {
    const { output, terminal } = await collect(from([...typed.slice(0, 5), failed]));
    expect(terminal).toEqual(failed);
    expect(output).toBe('Héllo, wörld 🎉\nline two');
  });

  it('stops at the terminal event', async () => {
    const { events } = await collect(from([...typed, typed[3]!]));
    expect(events).toEqual(typed);
  });

  it('throws stream_truncated for a sequence without a terminal event', async () => {
    const error = await collect(from(typed.slice(0, 4))).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AipStreamError);
    expect((error as AipStreamError).code).toBe('stream_truncated');
  });
});
