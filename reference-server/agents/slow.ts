import { BLOCK_TYPES } from '../../src/index.ts';
import { scriptedAgent } from './conformance.ts';
import type { Agent } from './types.ts';

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
  const script = Array.from(
    { length: pieces },
    (_, i) => `@aip delay ${intervalMs}\n@aip text piece ${i + 1}${i + 1 < pieces ? ' ' : ''}`,
  ).join('\n');
  return scriptedAgent(
    {
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
    script,
  );
}

export const slowAgent: Agent = createSlowAgent();
