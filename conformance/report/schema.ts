/**
 * The conformance report: one versioned value that every reporter renders and that
 * `--json` writes verbatim. Published as `schemas/conformance-report.json` so CI dashboards
 * and other tools can consume reports without this kit.
 */
import { Type, type Static } from '@sinclair/typebox';

export const REPORT_SCHEMA_ID = 'https://schemas.aip-kit.org/0.1.0/conformance-report.json';

export const LEVELS = ['MUST', 'SHOULD', 'MAY'] as const;
export const VERDICTS = ['pass', 'fail', 'warn', 'not_applicable', 'untestable', 'error'] as const;

export const LevelSchema = Type.Union([Type.Literal('MUST'), Type.Literal('SHOULD'), Type.Literal('MAY')], {
  description: 'RFC 2119 keyword of a requirement.',
});

export const VerdictSchema = Type.Union(
  [
    Type.Literal('pass'),
    Type.Literal('fail'),
    Type.Literal('warn'),
    Type.Literal('not_applicable'),
    Type.Literal('untestable'),
    Type.Literal('error'),
  ],
  {
    description:
      'pass; fail = MUST violated; warn = SHOULD/MAY violated; not_applicable = the target does not claim the profile or feature; ' +
      'untestable = a precondition failed (counts as a failure at its level); error = the kit itself broke.',
  },
);
export type Level = Static<typeof LevelSchema>;
export type Verdict = Static<typeof VerdictSchema>;

const Count = Type.Integer({ minimum: 0 });
const VerdictCounts = Type.Object(
  Object.fromEntries(VERDICTS.map((v) => [v, Count])) as Record<Verdict, typeof Count>,
  { description: 'Number of results per verdict.' },
);

export const HttpRequestRecord = Type.Object(
  {
    method: Type.String(),
    url: Type.String({ description: 'Absolute URL, credentials stripped.' }),
    headers: Type.Record(Type.String(), Type.String(), { description: 'Request headers; the API key is redacted.' }),
    body: Type.Optional(Type.String({ description: 'Body as sent (UTF-8), possibly truncated.' })),
    bodyBytes: Count,
    bodyTruncated: Type.Optional(Type.Boolean()),
  },
  { description: 'A request the kit sent.' },
);
export type HttpRequestRecord = Static<typeof HttpRequestRecord>;

export const ChunkRecord = Type.Object(
  {
    atMs: Type.Number({ minimum: 0, description: 'Arrival time in ms since the request was sent.' }),
    bytes: Count,
    text: Type.String({ description: 'The chunk decoded as UTF-8 (invalid bytes shown as U+FFFD).' }),
  },
  { description: 'One chunk of a response body as it arrived on the socket.' },
);
export type ChunkRecord = Static<typeof ChunkRecord>;

export const SseSummary = Type.Object(
  {
    events: Count,
    names: Type.Array(Type.String(), { description: 'Event names in arrival order (bounded).' }),
    problems: Type.Array(Type.Object({ code: Type.String(), offset: Count, detail: Type.Optional(Type.String()) })),
    lineEndings: Type.Object({ lf: Count, cr: Count, crlf: Count }),
    bom: Type.Boolean(),
    comments: Count,
    multiLineDataEvents: Count,
    invalidUtf8: Count,
  },
  { description: 'What the SSE parser saw in a stream body.' },
);
export type SseSummary = Static<typeof SseSummary>;

export const HttpResponseRecord = Type.Object(
  {
    status: Type.Integer(),
    headers: Type.Record(Type.String(), Type.String()),
    body: Type.Optional(Type.String({ description: 'Body (UTF-8), bounded; see droppedBytes.' })),
    bodyBytes: Type.Integer({ minimum: 0, description: 'Bytes received.' }),
    droppedBytes: Type.Optional(Type.Integer({ minimum: 0, description: 'Received bytes left out of this evidence.' })),
    chunks: Type.Optional(
      Type.Array(ChunkRecord, { description: 'Stream bodies: raw chunks with arrival times (bounded).' }),
    ),
    droppedChunks: Type.Optional(Count),
    sse: Type.Optional(SseSummary),
    headersMs: Type.Optional(Type.Number({ minimum: 0 })),
    totalMs: Type.Number({ minimum: 0 }),
  },
  { description: 'What came back.' },
);
export type HttpResponseRecord = Static<typeof HttpResponseRecord>;

export const ExchangeRecord = Type.Object(
  {
    label: Type.Optional(Type.String({ description: 'Why the kit sent this request.' })),
    request: HttpRequestRecord,
    response: Type.Optional(HttpResponseRecord),
    failure: Type.Optional(
      Type.Object(
        { code: Type.String(), message: Type.String() },
        { description: 'Transport-level failure: timeout, reset, size limit, refused connection…' },
      ),
    ),
    hungUp: Type.Optional(
      Type.Object(
        {
          atMs: Type.Number({ minimum: 0, description: 'When the kit hung up, in ms since the request was sent.' }),
          events: Count,
          names: Type.Array(Type.String(), { description: 'Event names read before hanging up (bounded).' }),
          terminalSeen: Type.Boolean({ description: 'A terminal event had already arrived when the kit hung up.' }),
        },
        { description: 'The kit ended this exchange on purpose (a client disconnect); what it had read by then.' },
      ),
    ),
    curl: Type.String({
      description:
        'A curl command reproducing the request; the key is read from $AIP_API_KEY, secret headers from $AIP_HEADER_<NAME>.',
    }),
  },
  { description: 'One HTTP exchange, recorded as evidence.' },
);
export type ExchangeRecord = Static<typeof ExchangeRecord>;

export const ClientEvidence = Type.Object(
  {
    command: Type.String({ description: 'The driver command (client mode).' }),
    exitCode: Type.Union([Type.Integer(), Type.Null()]),
    signal: Type.Union([Type.String(), Type.Null()]),
    timedOut: Type.Boolean({ description: 'The driver was killed (with its process group) at the timeout.' }),
    durationMs: Type.Number({ minimum: 0 }),
    printed: Type.Array(Type.Object({ atMs: Type.Number({ minimum: 0 }), text: Type.String() }), {
      description: 'The lines the driver printed, with the time each was complete (bounded).',
    }),
    expected: Type.Array(Type.String(), { description: 'The expected transcript lines and exit code.' }),
    diff: Type.Array(Type.String(), {
      description: 'Expected against printed transcript: "  " both, "- " expected only, "+ " printed only.',
    }),
    stderr: Type.String({ description: "The tail of the driver's stderr." }),
    reproduce: Type.String({ description: 'A one-line command that runs this scenario alone.' }),
  },
  { description: 'Client mode: how the driver behaved in a failing scenario.' },
);
export type ClientEvidence = Static<typeof ClientEvidence>;

export const RequirementRef = Type.Object({
  id: Type.String(),
  level: LevelSchema,
  section: Type.String(),
  text: Type.String(),
});
export type RequirementRef = Static<typeof RequirementRef>;

export const CheckResultSchema = Type.Object(
  {
    id: Type.String({ pattern: '^[a-z0-9]+(?:[.-][a-z0-9]+)*$', description: 'Stable check id.' }),
    title: Type.String(),
    section: Type.String({ description: 'Spec section number.' }),
    sectionTitle: Type.Optional(Type.String()),
    profile: Type.Optional(Type.String()),
    requirements: Type.Array(Type.String({ pattern: '^AIP-[A-Z]+-[0-9]{3}$' }), { minItems: 1 }),
    requirementTexts: Type.Optional(Type.Array(RequirementRef)),
    level: LevelSchema,
    verdict: VerdictSchema,
    baselined: Type.Optional(Type.Boolean({ description: 'The check is listed in the baseline of known failures.' })),
    durationMs: Type.Number({ minimum: 0 }),
    action: Type.Optional(Type.String({ description: 'What the kit sends.' })),
    message: Type.Optional(Type.String()),
    expected: Type.Optional(Type.String()),
    actual: Type.Optional(Type.String()),
    violated: Type.Optional(
      Type.Array(Type.String(), { description: 'The requirement ids this result found violated.' }),
    ),
    reproduce: Type.Optional(
      Type.Array(Type.Integer({ minimum: 0 }), {
        minItems: 1,
        description:
          'Indices into evidence.exchanges of the exchanges that produced the first finding, as steps in order.',
      }),
    ),
    rootCause: Type.Optional(
      Type.String({
        description:
          'Id of the check whose failure broke this check\u2019s precondition: this result is a consequence of that one.',
      }),
    ),
    evidence: Type.Optional(
      Type.Object({
        client: Type.Optional(ClientEvidence),
        exchanges: Type.Array(ExchangeRecord),
        omittedExchanges: Type.Optional(
          Type.Integer({ minimum: 1, description: 'Further exchanges of this check left out of the report.' }),
        ),
      }),
    ),
  },
  { description: 'The outcome of one check.' },
);
export type CheckResult = Static<typeof CheckResultSchema>;

const SectionSummary = Type.Object({ title: Type.String(), total: Count, byVerdict: VerdictCounts });

export const ReportSummary = Type.Object({
  total: Count,
  byVerdict: VerdictCounts,
  byLevel: Type.Object({ MUST: VerdictCounts, SHOULD: VerdictCounts, MAY: VerdictCounts }),
  bySection: Type.Record(Type.String(), SectionSummary, { description: 'Keyed by spec section number.' }),
  mustFailures: Type.Integer({ minimum: 0, description: 'fail or untestable at MUST level, not baselined.' }),
});
export type ReportSummary = Static<typeof ReportSummary>;

export const ManifestSummary = Type.Object({
  aipVersion: Type.Optional(Type.String()),
  platform: Type.Optional(Type.Object({ name: Type.String(), version: Type.Optional(Type.String()) })),
  agents: Type.Array(Type.Object({ id: Type.String(), stream: Type.Optional(Type.Boolean()) })),
});

export const NetworkEventSchema = Type.Object(
  {
    kind: Type.Union([Type.Literal('retry'), Type.Literal('wait')], {
      description: 'retry = an idempotent request sent again after a transport fault; wait = a Retry-After honoured.',
    }),
    request: Type.String(),
    cause: Type.String(),
  },
  { description: 'Something the kit did because of the network rather than the server.' },
);
export type NetworkEvent = Static<typeof NetworkEventSchema>;

export const NotCoveredSchema = Type.Object(
  {
    id: Type.String({ pattern: '^AIP-[A-Z]+-[0-9]{3}$' }),
    level: LevelSchema,
    section: Type.String(),
    reason: Type.String(),
  },
  { description: 'A requirement no check of the kit verifies, with the reason.' },
);
export type NotCovered = Static<typeof NotCoveredSchema>;

export const ReportSchema = Type.Object(
  {
    $schema: Type.Optional(Type.String()),
    reportVersion: Type.Literal(1),
    mode: Type.Union([Type.Literal('server'), Type.Literal('client')], {
      description:
        "server: the checks tested an AIP endpoint (target); client: scenarios tested a client driver (client) against the kit's scenario hub.",
    }),
    kit: Type.Object({ name: Type.String(), version: Type.String() }),
    aipVersion: Type.String(),
    runId: Type.String({ description: 'Suffix of every resource the run created (session names).' }),
    target: Type.Object({
      url: Type.String({ description: 'Base URL, credentials stripped.' }),
      embedded: Type.Boolean({ description: 'True when the kit started its own reference server.' }),
      agent: Type.Union([Type.String(), Type.Null()], { description: 'The agent slug the checks invoked.' }),
      agentReason: Type.Optional(Type.String({ description: 'Why this agent was chosen.' })),
      manifest: Type.Union([ManifestSummary, Type.Null()], {
        description: 'Null when the manifest could not be read.',
      }),
      claimedProfiles: Type.Array(Type.String()),
    }),
    client: Type.Optional(
      Type.Object(
        {
          command: Type.String({ description: "The driver command, or a description of the kit's own driver." }),
          builtIn: Type.Boolean({ description: "True when the kit's driver for aip-kit/client was tested." }),
        },
        { description: 'Client mode only: the client under test.' },
      ),
    ),
    options: Type.Object({
      url: Type.Optional(Type.String()),
      apiKey: Type.Optional(Type.String({ description: 'Redacted.' })),
      secondApiKey: Type.Optional(Type.String({ description: 'Redacted.' })),
      agent: Type.Optional(Type.String()),
      only: Type.Optional(Type.Array(Type.String())),
      level: Type.Optional(Type.String()),
      timeoutMs: Type.Integer({ minimum: 1, description: 'Cap on one whole exchange.' }),
      connectTimeoutMs: Type.Optional(Type.Integer({ minimum: 1 })),
      firstByteTimeoutMs: Type.Optional(Type.Integer({ minimum: 1 })),
      idleTimeoutMs: Type.Optional(Type.Integer({ minimum: 1 })),
      maxRetryAfterMs: Type.Optional(Type.Integer({ minimum: 0 })),
      headers: Type.Optional(
        Type.Record(Type.String(), Type.String(), { description: 'Extra request headers; secret ones redacted.' }),
      ),
      maxInvocations: Type.Optional(Type.Integer({ minimum: 0 })),
      concurrency: Type.Integer({ minimum: 1 }),
      baseline: Type.Optional(Type.Array(Type.String())),
    }),
    startedAt: Type.String({ format: 'date-time' }),
    durationMs: Type.Number({ minimum: 0 }),
    fatal: Type.Optional(
      Type.Object(
        { code: Type.String(), message: Type.String(), hint: Type.Optional(Type.String()) },
        { description: 'The run could not test the target at all (e.g. unreachable).' },
      ),
    ),
    summary: ReportSummary,
    notApplicable: Type.Array(Type.Object({ id: Type.String(), reason: Type.String() }), {
      description: 'Checks not run because the target does not claim what they test, with the reason.',
    }),
    invocations: Type.Optional(
      Type.Integer({
        minimum: 0,
        description:
          'Agent invocations the selected checks and the fixtures they use declare (conformance/invocations.json): the cost of the run.',
      }),
    ),
    notCovered: Type.Optional(
      Type.Array(NotCoveredSchema, {
        description: 'Requirements that no check of the kit verifies, with the reason; the same in every run.',
      }),
    ),
    network: Type.Optional(
      Type.Array(NetworkEventSchema, { description: 'Retries and waits the network caused (bounded).' }),
    ),
    baseline: Type.Optional(
      Type.Object({
        listed: Type.Array(Type.String()),
        matched: Type.Array(Type.String({ description: 'Listed ids that still fail (tolerated).' })),
        stale: Type.Array(
          Type.String({ description: 'Listed ids that now pass or no longer exist: the run fails until removed.' }),
        ),
      }),
    ),
    results: Type.Array(CheckResultSchema),
  },
  { $id: REPORT_SCHEMA_ID, title: 'ConformanceReport', description: 'Result of one AIP conformance run.' },
);
export type Report = Static<typeof ReportSchema>;

/** The schema as a standalone 2020-12 document, as published in `schemas/`. */
export function reportJsonSchema(): Record<string, unknown> {
  const body = JSON.parse(JSON.stringify(ReportSchema)) as Record<string, unknown>;
  return { $schema: 'https://json-schema.org/draft/2020-12/schema', ...body };
}
