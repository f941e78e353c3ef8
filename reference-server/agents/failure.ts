/** A failure an agent reports with a catalogue code other than the default `agent_error`. */

/** The codes an agent may end a run with (§19.2 `@aip fail`); the pipeline maps any other throw to `agent_error`. */
export const AGENT_FAILURE_CODES = ['agent_error', 'internal_error', 'rate_limited', 'unavailable'] as const;
export type AgentFailureCode = (typeof AGENT_FAILURE_CODES)[number];

/** Retrying can help for every code but `agent_error` (Appendix A.37). */
const RETRYABLE: Record<AgentFailureCode, boolean> = {
  agent_error: false,
  internal_error: true,
  rate_limited: true,
  unavailable: true,
};

export class AgentFailure extends Error {
  override readonly name = 'AgentFailure';
  readonly retryable: boolean;
  constructor(
    readonly code: AgentFailureCode,
    message: string,
  ) {
    super(message);
    this.retryable = RETRYABLE[code];
  }
}

export const isAgentFailureCode = (s: string): s is AgentFailureCode =>
  (AGENT_FAILURE_CODES as readonly string[]).includes(s);
