import { BLOCK_TYPES } from '../../src/index.ts';
import type { Agent, AgentStep } from './types.ts';

/** Starts answering, then fails: the run ends with an `agent_error` and saves nothing. */
export const failingAgent: Agent = {
  manifest: {
    id: 'failing',
    name: 'Failing',
    version: '1.0.0',
    description: 'Deterministic test agent: emits some text, then always fails.',
    capabilities: { streaming: true },
    context_requirements: { max_tokens: 8000, supported_block_types: [...BLOCK_TYPES] },
    tools: [],
    models: [],
    stream: true,
  },
  *run(): Generator<AgentStep> {
    yield { type: 'text', content: 'Starting on it' };
    yield { type: 'text', content: '…' };
    throw new Error('The failing agent always fails after its first text; use another agent for a successful run.');
  },
};
