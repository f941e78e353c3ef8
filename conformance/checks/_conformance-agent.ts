/**
 * The conformance agent (spec §19): how checks find it and the scripts they give it. Behaviour a
 * real agent shows only by chance (a failure mid-run, a pause long enough to hang up in, a heartbeat)
 * is asked of it; a check that needs such behaviour and finds no conformance agent is not applicable
 * and says what would make it applicable.
 */
import { PreconditionError, type FixtureContext, type TargetInfo } from '../types.ts';

export const CONFORMANCE_SECTION = '§19';

/** Scripts of the directive language (§19.2). */
export const SCRIPTS = {
  /** Text, then a failure: the run ends with agent_error after output "Starting on it". */
  fails: '@aip text Starting\n@aip text  on it\n@aip fail agent_error',
  /** Three pieces 120 ms apart: long enough to tell incremental from buffered delivery. */
  paced: '@aip text one\n@aip delay 120\n@aip text  two\n@aip delay 120\n@aip text  three',
  /** Fails with internal_error, whose retryable flag Appendix A decides. */
  internalError: '@aip text Starting\n@aip fail internal_error',
  /** Echoes the context it received. */
  context: '@aip context',
  /** One event, then `ms` of silence, then the end: a run to hang up in, or to wait for a heartbeat in. */
  pause: (ms: number) => `@aip text first\n@aip delay ${ms}\n@aip text  last`,
} as const;

/** "n/a" reason for a check that needs the conformance agent to show `what`. */
export function needsConformanceAgent(what: string, alternative?: string) {
  return (t: TargetInfo): string | undefined =>
    t.conformanceAgent !== undefined
      ? undefined
      : `needs ${what}, which only the conformance agent shows on request: deploy the conformance agent (${CONFORMANCE_SECTION}) and mark its manifest "conformance": true${alternative ? `, or ${alternative}` : ''}`;
}

export function conformanceAgentOf(ctx: FixtureContext): string {
  const slug = ctx.target.conformanceAgent;
  if (slug === undefined)
    throw new PreconditionError(
      `the target marks no conformance agent (${CONFORMANCE_SECTION}); deploy one to test this`,
    );
  return slug;
}
