/**
 * The AIP conformance kit's public API (package export `aip-kit/conformance`).
 *
 *   const report = await runConformance({ url, apiKey });
 *   process.exitCode = exitCodeOf(report);
 *
 * Everything a negative proof (a deliberately broken server) needs is exported here: the run
 * function, the check catalogue, the renderers and the report schema.
 */
export {
  runClientConformance,
  selectScenarios,
  scenarioLevel,
  reproduction,
  clientScenarios,
  DEFAULT_CLIENT_CONCURRENCY,
  DEFAULT_CLIENT_TIMEOUT_MS,
  type ClientRunOptions,
  type Scenario,
} from './client/index.ts';
export { runConformance, checkLevel, levelOf, DEFAULT_CONCURRENCY, DEFAULT_TIMEOUT_MS } from './runner/index.ts';
export { KIT } from './kit.ts';
export { parseBaseline, applyBaseline } from './runner/baseline.ts';
export { INVOCATIONS, invocationsOfRun, type InvocationTable } from './runner/cost.ts';
export { notCovered } from './runner/coverage.ts';
export { selectChecks, matchesPrefix } from './runner/select.ts';
export { judge, strongest, FAILING_VERDICTS } from './runner/severity.ts';
export { CHECKS, SECTION_TITLES } from './checks/index.ts';
export {
  renderConsole,
  renderProgress,
  renderJson,
  renderJunit,
  renderHtml,
  renderMarkdown,
  writeReports,
  exitCodeOf,
  EXIT_OK,
  EXIT_FAILED,
  EXIT_UNUSABLE,
  summarize,
  ReportSchema,
  CheckResultSchema,
  reportJsonSchema,
  REPORT_SCHEMA_ID,
  LEVELS,
  VERDICTS,
  type Report,
  type CheckResult,
  type Level,
  type Verdict,
  type ExchangeRecord,
} from './report/index.ts';
export {
  Probe,
  DEFAULT_LIMITS,
  maskKey,
  type ProbeRequest,
  type ProbeResponse,
  type ProbeLimits,
} from './probe/index.ts';
export {
  PreconditionError,
  TransportFault,
  UsageError,
  type Check,
  type CheckContext,
  type Fixture,
  type FixtureContext,
  type Outcome,
  type RunOptions,
  type TargetInfo,
  type Profile,
} from './types.ts';
