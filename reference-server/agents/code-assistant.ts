import { BLOCK_TYPES } from '../../src/index.ts';
import type { Agent, AgentStep } from './types.ts';

const FILE = 'src/app.ts';

/**
 * A scripted coding session that uses every event of the catalogue once: thinking, text, a tool
 * call whose file edit sits between the call and its result, a dev URL, then closing text.
 */
export const codeAssistantAgent: Agent = {
  manifest: {
    id: 'code-assistant',
    name: 'Code Assistant',
    version: '1.0.0',
    description: 'Deterministic test agent: a scripted coding turn with a tool call, a file edit and a dev URL.',
    capabilities: { streaming: true, thinking: true, tool_use: true, file_edits: true, dev_server: true },
    context_requirements: { max_tokens: 100000, supported_block_types: [...BLOCK_TYPES] },
    tools: ['edit_file'],
    models: [],
    stream: true,
  },
  *run({ prompt, context }): Generator<AgentStep> {
    const task = firstLine(prompt);
    yield {
      type: 'thinking',
      content: `Reading the task and ${context.length} context block${context.length === 1 ? '' : 's'}.`,
    };
    yield { type: 'text', content: `Working on: ${task}` };
    yield { type: 'text', content: `\nI'll update ${FILE}.` };
    yield { type: 'tool_call', id: 'call_1', tool: 'edit_file', input: { path: FILE, instructions: task } };
    yield {
      type: 'file_edit',
      path: FILE,
      operation: 'update',
      diff: `--- a/${FILE}\n+++ b/${FILE}\n@@ -1 +1 @@\n-// TODO\n+// ${task}\n`,
      toolCallId: 'call_1',
    };
    yield { type: 'tool_result', toolCallId: 'call_1', tool: 'edit_file', output: 'File updated' };
    yield { type: 'dev_url', url: 'http://localhost:5173/', label: 'Preview' };
    yield { type: 'text', content: `\nDone: ${FILE} is updated and the preview is running.` };
  },
};

function firstLine(text: string): string {
  const line = text.split('\n', 1)[0]!.trim();
  return line.length > 80 ? `${line.slice(0, 79)}…` : line;
}
