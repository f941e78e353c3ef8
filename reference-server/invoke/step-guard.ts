import type { ValidateFunction } from 'ajv/dist/2020.js';
import { validator, type WireSchemaName } from '../../src/index.ts';
import type { AgentStep } from '../agents/types.ts';
import type { WireEvent } from './wire-event.ts';

interface Mapping {
  event: WireEvent['event'];
  schema: WireSchemaName;
  /** The compiled payload validator, looked up on first use. */
  check?: ValidateFunction;
}

const PAYLOAD_SCHEMA: Record<AgentStep['type'], Mapping> = {
  thinking: { event: 'thinking', schema: 'event-thinking' },
  text: { event: 'text_delta', schema: 'event-text-delta' },
  tool_call: { event: 'tool_call', schema: 'event-tool-call' },
  tool_result: { event: 'tool_result', schema: 'event-tool-result' },
  file_edit: { event: 'file_edit', schema: 'event-file-edit' },
  dev_url: { event: 'dev_url', schema: 'event-dev-url' },
};

export type Guarded = { kind: 'event'; event: WireEvent } | { kind: 'skip' } | { kind: 'violation'; reason: string };

const SKIP: Guarded = { kind: 'skip' };

/**
 * Turns agent steps into wire events and refuses any step that would break a stream law
 * (payload schema, unique call ids, results only for open calls, edits inside their call).
 * One guard per run; its call-id sets exist only once the agent makes a tool call.
 */
export class StepGuard {
  #seen: Set<string> | undefined;
  #open: Set<string> | undefined;

  accept(step: AgentStep): Guarded {
    const mapping =
      typeof step === 'object' && step !== null && Object.hasOwn(PAYLOAD_SCHEMA, step.type)
        ? PAYLOAD_SCHEMA[step.type]
        : undefined;
    if (!mapping) return { kind: 'violation', reason: 'the agent produced a step of unknown type' };
    const { type: _type, ...data } = step;
    mapping.check ??= validator(mapping.schema);
    if (!mapping.check(data))
      return { kind: 'violation', reason: `the agent produced an invalid ${mapping.event} payload` };
    switch (step.type) {
      case 'thinking':
      case 'text':
        if (step.content === '') return SKIP;
        break;
      case 'tool_call': {
        const seen = (this.#seen ??= new Set());
        if (seen.has(step.id)) return { kind: 'violation', reason: `the agent reused tool call id "${step.id}"` };
        seen.add(step.id);
        (this.#open ??= new Set()).add(step.id);
        break;
      }
      case 'tool_result':
        if (!this.#open?.delete(step.toolCallId))
          return {
            kind: 'violation',
            reason: `the agent sent a result for tool call "${step.toolCallId}", which is not open`,
          };
        break;
      case 'file_edit':
      case 'dev_url':
        if (step.toolCallId !== undefined && !this.#open?.has(step.toolCallId)) {
          return {
            kind: 'violation',
            reason: `the agent tied a ${mapping.event} to tool call "${step.toolCallId}", which is not open`,
          };
        }
        break;
    }
    return { kind: 'event', event: { event: mapping.event, data } as WireEvent };
  }

  /** Why the run may not complete yet, if a call still lacks its result. */
  unfinished(): string | undefined {
    const first = this.#open?.values().next().value;
    return first === undefined ? undefined : `the agent finished while tool call "${first}" had no result`;
  }
}
