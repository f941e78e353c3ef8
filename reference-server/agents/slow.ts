import { BLOCK_TYPES } from '../../src/index.ts';
import { pause } from './pause.ts';
import type { Agent, AgentStep } from './types.ts';

export interface SlowAgentOptions {
  id?: string;
  /** How many text pieces (default 4). */
  pieces?: number;
  /** Wait before each piece, in milliseconds (default 150). */
  intervalMs?: number;
}

/** Paced output for incremental-delivery, heartbeat and disconnect tests; stops at once when aborted. */
export function createSlowAgent(options: SlowAgentOptions = {}): Agent {
  const { id = 'slow', pieces = 4, intervalMs = 150 } = options;
  return {
    manifest: {
      id,
      name: 'Slow',
      version: '1.0.0',
      description: `Deterministic test agent: ${pieces} text pieces, ${intervalMs} ms apart.`,
      capabilities: { streaming: true },
      context_requirements: { max_tokens: 8000, supported_block_types: [...BLOCK_TYPES] },
      tools: [],
      models: [],
      stream: true,
    },
    async *run({ signal }): AsyncGenerator<AgentStep> {
      for (let i = 1; i <= pieces; i++) {
        await pause(intervalMs, signal);
        yield { type: 'text', content: `piece ${i}${i < pieces ? ' ' : ''}` };
      }
    },
  };
}

export const slowAgent: Agent = createSlowAgent();
