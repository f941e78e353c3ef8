/**
 * The directive language of the conformance agent (spec §19.2): each prompt line that starts with
 * `@aip ` is one step of the run's script. Parsing is separate from running so that a bad line
 * fails the run before it produced anything, with the line quoted.
 */
import type { AgentStep } from './types.ts';
import { type AgentFailureCode, isAgentFailureCode } from './failure.ts';

export type Directive =
  | { kind: 'step'; step: AgentStep }
  | { kind: 'delay'; ms: number }
  | { kind: 'context' }
  | { kind: 'fail'; code: AgentFailureCode };

export const DIRECTIVE_PREFIX = '@aip ';
export const MAX_DELAY_MS = 60_000;

/** What a prompt without directives runs: every content event once. */
export const DEFAULT_SCRIPT = [
  '@aip thinking Reading the task.',
  '@aip text Working on it.',
  '@aip call call_1 edit_file {"path":"src/app.ts"}',
  '@aip edit update src/app.ts call_1',
  '@aip url http://localhost:5173/ call_1',
  '@aip result call_1 File updated',
  '@aip text  Done.',
].join('\n');

export class DirectiveError extends Error {
  override readonly name = 'DirectiveError';
}

/** The script of `prompt`: its directives in order, or the default script when it has none. */
export function parseScript(prompt: string): Directive[] {
  const lines = prompt.split(/\r?\n/).filter((l) => l.startsWith(DIRECTIVE_PREFIX));
  const script = lines.length > 0 ? lines : DEFAULT_SCRIPT.split('\n');
  const tools = new Map<string, string>();
  return script.map((line) => parseLine(line, tools));
}

function parseLine(line: string, tools: Map<string, string>): Directive {
  const rest = line.slice(DIRECTIVE_PREFIX.length);
  const space = rest.indexOf(' ');
  const name = space < 0 ? rest : rest.slice(0, space);
  const arg = space < 0 ? '' : rest.slice(space + 1);
  const words = arg.split(' ').filter((w) => w.length > 0);
  const bad = (why: string) => new DirectiveError(`Bad directive ${JSON.stringify(line)}: ${why}.`);
  switch (name) {
    case 'thinking':
      return { kind: 'step', step: { type: 'thinking', content: arg } };
    case 'text':
      return { kind: 'step', step: { type: 'text', content: arg.replace(/\\n/g, '\n') } };
    case 'call': {
      const [id, tool] = words;
      if (!id || !tool) throw bad('write "@aip call <id> <tool> [<json object>]"');
      const json = arg.slice(arg.indexOf(tool) + tool.length).trim();
      let input: unknown = {};
      if (json !== '') {
        try {
          input = JSON.parse(json);
        } catch {
          throw bad('the input is not JSON');
        }
      }
      if (typeof input !== 'object' || input === null || Array.isArray(input)) throw bad('the input is not an object');
      tools.set(id, tool);
      return { kind: 'step', step: { type: 'tool_call', id, tool, input: input as Record<string, unknown> } };
    }
    case 'result': {
      const [id] = words;
      if (!id) throw bad('write "@aip result <id> [<text>]"');
      const output = arg.slice(arg.indexOf(id) + id.length).trim() || 'ok';
      const tool = tools.get(id);
      return { kind: 'step', step: { type: 'tool_result', toolCallId: id, output, ...(tool ? { tool } : {}) } };
    }
    case 'edit': {
      const [operation, path, id] = words;
      if (operation !== 'create' && operation !== 'update' && operation !== 'delete')
        throw bad('the operation is create, update or delete');
      if (!path) throw bad('write "@aip edit <operation> <path> [<call id>]"');
      const diff = operation === 'delete' ? undefined : `--- a/${path}\n+++ b/${path}\n@@ -0,0 +1 @@\n+// edited\n`;
      return {
        kind: 'step',
        step: { type: 'file_edit', operation, path, ...(diff ? { diff } : {}), ...(id ? { toolCallId: id } : {}) },
      };
    }
    case 'url': {
      const [url, id] = words;
      if (!url) throw bad('write "@aip url <url> [<call id>]"');
      return { kind: 'step', step: { type: 'dev_url', url, ...(id ? { toolCallId: id } : {}) } };
    }
    case 'delay': {
      const ms = Number(arg.trim());
      if (!/^\d+$/.test(arg.trim()) || ms > MAX_DELAY_MS)
        throw bad(`the delay is an integer from 0 to ${MAX_DELAY_MS}`);
      return { kind: 'delay', ms };
    }
    case 'context':
      return { kind: 'context' };
    case 'fail': {
      const code = arg.trim();
      if (!isAgentFailureCode(code)) throw bad('the code is agent_error, internal_error, rate_limited or unavailable');
      return { kind: 'fail', code };
    }
    default:
      throw bad(
        'unknown directive; the directives are thinking, text, call, result, edit, url, delay, context and fail',
      );
  }
}
