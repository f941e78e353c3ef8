import { validate, type WireSchemaName } from '../../src/index.ts';
import type { AgentStep } from '../agents/types.ts';
import type { WireEvent } from './wire-event.ts';

const PAYLOAD_SCHEMA: Record<AgentStep['type'], { event: WireEvent['event']; schema: WireSchemaName }> = {
  thinking: { event: 'thinking', schema: 'event-thinking' },
  text: { event: 'text_delta', schema: 'event-text-delta' },
  tool_call: { event: 'tool_call', schema: 'event-tool-call' },
  tool_result: { event: 'tool_result', schema: 'event-tool-result' },
  file_edit: { event: 'file_edit', schema: 'event-file-edit' },
  dev_url: { event: 'dev_url', schema: 'event-dev-url' },
};

export type Guarded = { kind: 'event'; event: WireEvent } | { kind: 'skip' } | { kind: 'violation'; reason: string };

/**
 * Turns agent steps into wire events and refuses any step that would break a stream law
 * (payload schema, unique call ids, results only for open calls, edits inside their call).
 * One guard per run.
 */
export function createStepGuard() {
  const seen = new Set<string>();
  const open = new Set<string>();
  return {
    accept(step: AgentStep): Guarded {
      const mapping = typeof step === 'object' && step !== null ? PAYLOAD_SCHEMA[step.type] : undefined;
      if (!mapping) return { kind: 'violation', reason: 'the agent produced a step of unknown type' };
      const { type: _type, ...data } = step;
      if (!validate(mapping.schema, data).ok) return { kind: 'violation', reason: `the agent produced an invalid ${mapping.event} payload` };
      switch (step.type) {
        case 'thinking':
        case 'text':
          if (step.content === '') return { kind: 'skip' };
          break;
        case 'tool_call':
          if (seen.has(step.id)) return { kind: 'violation', reason: `the agent reused tool call id "${step.id}"` };
          seen.add(step.id);
          open.add(step.id);
          break;
        case 'tool_result':
          if (!open.delete(step.toolCallId)) return { kind: 'violation', reason: `the agent sent a result for tool call "${step.toolCallId}", which is not open` };
          break;
        case 'file_edit':
        case 'dev_url':
          if (step.toolCallId !== undefined && !open.has(step.toolCallId)) {
            return { kind: 'violation', reason: `the agent tied a ${mapping.event} to tool call "${step.toolCallId}", which is not open` };
          }
          break;
      }
      return { kind: 'event', event: { event: mapping.event, data } as WireEvent };
    },
    /** Why the run may not complete yet, if a call still lacks its result. */
    unfinished(): string | undefined {
      const [first] = open;
      return first === undefined ? undefined : `the agent finished while tool call "${first}" had no result`;
    },
  };
}
