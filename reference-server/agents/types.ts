import type {
  AgentManifest,
  Attachment,
  DevUrlData,
  FileEditData,
  ToolCallData,
  ToolResultData,
} from '../../src/index.ts';
import type { StoredBlock } from '../storage/store.ts';

/** An agent's manifest as its author writes it; the server adds `invoke` and `manifest_hash`. */
export type AgentManifestInput = Omit<AgentManifest, 'manifest_hash' | 'invoke'>;

export interface AgentRunInput {
  prompt: string;
  attachments: Attachment[];
  /** The assembled context, oldest first. */
  context: StoredBlock[];
  /** Aborted when the client goes away or the server shuts down; stop promptly. */
  signal: AbortSignal;
}

/**
 * What an agent produces. Only the substance of a run: the pipeline emits `start`,
 * `context_assembled` and the terminal event itself, and does the output and usage bookkeeping,
 * so no agent can break the stream's ordering laws. A failure is a thrown error.
 */
export type AgentStep =
  | { type: 'thinking'; content: string }
  | { type: 'text'; content: string }
  | ({ type: 'tool_call' } & ToolCallData)
  | ({ type: 'tool_result' } & ToolResultData)
  | ({ type: 'file_edit' } & FileEditData)
  | ({ type: 'dev_url' } & DevUrlData);

/**
 * An agent the reference server can host. `run` is pulled one step at a time, so pausing is free.
 * An agent that never waits may return a plain (synchronous) iterable, e.g. a `function*`
 * generator: the pipeline then takes each step without a promise and a microtask per step. Such
 * an iterable yields the steps themselves; a promise is not a step.
 */
export interface Agent {
  manifest: AgentManifestInput;
  run(input: AgentRunInput): AsyncIterable<AgentStep> | Iterable<AgentStep>;
}

export type AgentDefinition = Agent;
