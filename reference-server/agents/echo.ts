import { BLOCK_TYPES } from '../../src/index.ts';
import type { Agent, AgentStep } from './types.ts';

/** Answers with the prompt itself, in up to three pieces, so clients exercise concatenation. */
export const echoAgent: Agent = {
  manifest: {
    id: 'echo',
    name: 'Echo',
    version: '1.0.0',
    description: 'Deterministic test agent: answers with the prompt, verbatim.',
    capabilities: { streaming: true, thinking: false, tool_use: false, file_edits: false },
    context_requirements: { max_tokens: 8000, supported_block_types: [...BLOCK_TYPES] },
    tools: [],
    models: [],
    stream: true,
  },
  *run({ prompt }): Generator<AgentStep> {
    for (const piece of thirds(prompt)) yield { type: 'text', content: piece };
  },
};

/** Splits into at most three non-empty pieces without cutting a surrogate pair. */
function thirds(text: string): string[] {
  if (text.length < 3) return [text];
  const cuts = [Math.floor(text.length / 3), Math.floor((2 * text.length) / 3)].map((i) =>
    isLowSurrogate(text.charCodeAt(i)) ? i + 1 : i,
  );
  const pieces = [text.slice(0, cuts[0]), text.slice(cuts[0], cuts[1]), text.slice(cuts[1])];
  return pieces.filter((p) => p.length > 0);
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}
