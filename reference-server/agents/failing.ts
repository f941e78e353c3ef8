import { BLOCK_TYPES } from '../../src/index.ts';
import { scriptedAgent } from './conformance.ts';

/** Starts answering, then fails: the run ends with an `agent_error` and saves nothing. */
export const failingAgent = scriptedAgent(
  {
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
  '@aip text Starting on it\n@aip text …\n@aip fail agent_error',
);
