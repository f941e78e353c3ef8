import { BLOCK_TYPES } from '../../src/index.ts';
import { type Directive, parseScript } from './directives.ts';
import { AgentFailure } from './failure.ts';
import { pause } from './pause.ts';
import type { Agent, AgentManifestInput, AgentRunInput, AgentStep } from './types.ts';

/**
 * The conformance agent of spec §19: the prompt's `@aip` directives are its script. It calls no
 * model and has no effect beyond its events, so any server can deploy it for testers.
 */
export const conformanceAgent: Agent = {
  manifest: {
    id: 'conformance',
    name: 'Conformance',
    version: '1.0.0',
    description:
      'Does exactly what the @aip directives of its prompt say (AIP §19); without directives, shows every event once.',
    capabilities: { streaming: true, thinking: true, tool_use: true, file_edits: true, dev_server: true },
    context_requirements: { max_tokens: 100000, supported_block_types: [...BLOCK_TYPES] },
    tools: ['edit_file'],
    models: [],
    stream: true,
    conformance: true,
  },
  run: (input) => perform(parseScript(input.prompt), input),
};

/**
 * An agent with a fixed script, whatever the prompt: the reference server's named test agents
 * (`failing`, `slow`, `code-assistant`) are such presets.
 */
export function scriptedAgent(manifest: AgentManifestInput, script: string): Agent {
  const directives = parseScript(script);
  return { manifest, run: (input) => perform(directives, input) };
}

/** Synchronous when the script never waits, so the pipeline pulls it without a promise per step. */
function perform(directives: Directive[], input: AgentRunInput): AsyncIterable<AgentStep> | Iterable<AgentStep> {
  return directives.some((d) => d.kind === 'delay') ? paced(directives, input) : immediate(directives, input);
}

function* immediate(directives: Directive[], input: AgentRunInput): Generator<AgentStep> {
  for (const d of directives) {
    if (d.kind === 'delay') continue;
    yield stepOf(d, input);
  }
}

async function* paced(directives: Directive[], input: AgentRunInput): AsyncGenerator<AgentStep> {
  for (const d of directives) {
    if (d.kind === 'delay') await pause(d.ms, input.signal);
    else yield stepOf(d, input);
  }
}

function stepOf(d: Exclude<Directive, { kind: 'delay' }>, input: AgentRunInput): AgentStep {
  switch (d.kind) {
    case 'step':
      return d.step;
    case 'context':
      return { type: 'text', content: ['context:', ...input.context.map((b) => b.id)].join(' ') };
    case 'fail':
      throw new AgentFailure(d.code, `The script asked the agent to fail with ${d.code}.`);
  }
}
