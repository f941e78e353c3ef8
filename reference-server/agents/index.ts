import { codeAssistantAgent } from './code-assistant.ts';
import { conformanceAgent } from './conformance.ts';
import { echoAgent } from './echo.ts';
import { failingAgent } from './failing.ts';
import { slowAgent } from './slow.ts';
import type { Agent } from './types.ts';

export type { Agent, AgentDefinition, AgentManifestInput, AgentRunInput, AgentStep } from './types.ts';
export { createSlowAgent, type SlowAgentOptions } from './slow.ts';
export { AgentFailure, AGENT_FAILURE_CODES, type AgentFailureCode } from './failure.ts';
export { scriptedAgent } from './conformance.ts';
export { codeAssistantAgent, conformanceAgent, echoAgent, failingAgent, slowAgent };

/** The agents the reference server deploys unless told otherwise. */
export const REFERENCE_AGENTS: readonly Agent[] = [
  echoAgent,
  codeAssistantAgent,
  failingAgent,
  slowAgent,
  conformanceAgent,
];
