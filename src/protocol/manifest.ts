import { Type, type Static } from '@sinclair/typebox';
import { published, Slug } from './common.ts';
import { BlockTypeSchema } from './block.ts';

export const AgentManifest = Type.Object(
  {
    id: Slug,
    name: Type.String({ minLength: 1 }),
    version: Type.String({ minLength: 1 }),
    description: Type.Optional(Type.String()),
    manifest_hash: Type.String({
      pattern: '^sha256:[0-9a-f]{64}$',
      description: 'SHA-256 of the RFC 8785 canonical JSON of this object without `manifest_hash`, as "sha256:<hex>".',
    }),
    capabilities: Type.Record(Type.String({ pattern: '^[a-z][a-z0-9_]*$' }), Type.Boolean(), {
      description: 'Capability name to whether the agent has it.',
    }),
    context_requirements: Type.Object(
      {
        max_tokens: Type.Integer({ minimum: 1, description: 'Largest context the agent accepts; the default budget.' }),
        supported_block_types: Type.Array(BlockTypeSchema),
      },
      { title: 'ContextRequirements', description: 'What context the agent takes.' },
    ),
    tools: Type.Array(Type.String()),
    models: Type.Array(Type.String()),
    invoke: Type.String({ minLength: 1, description: 'Path (or absolute URL) of the portable invoke endpoint.' }),
    stream: Type.Boolean({ description: 'Whether the agent can answer as a stream.' }),
    conformance: Type.Optional(
      Type.Boolean({ description: 'True only for the conformance agent, whose prompt directives drive it (§19).' }),
    ),
  },
  { ...published('agent-manifest', 'AgentManifest'), description: 'What one agent is and can do.' },
);
export type AgentManifest = Static<typeof AgentManifest>;

export const AgentManifestDocument = Type.Object(
  { aip_version: Type.String(), agent: AgentManifest },
  {
    ...published('agent-manifest-document', 'AgentManifestDocument'),
    description: 'Answer of `GET /.well-known/aip/agent?agent=<slug>`.',
  },
);
export type AgentManifestDocument = Static<typeof AgentManifestDocument>;

export const PROFILES = ['core', 'hub'] as const;

export const PlatformManifestDocument = Type.Object(
  {
    aip_version: Type.String(),
    platform: Type.Object(
      { name: Type.String({ minLength: 1 }), version: Type.Optional(Type.String()) },
      { title: 'PlatformInfo', description: 'The platform serving the agents.' },
    ),
    profiles: Type.Array(Type.String({ minLength: 1 }), {
      description:
        'Conformance profiles the endpoint claims: "core" (portable invoke and manifest) and, optionally, "hub" (the /v1/aip API).',
    }),
    agents: Type.Array(AgentManifest),
  },
  {
    ...published('platform-manifest-document', 'PlatformManifestDocument'),
    description: 'Answer of `GET /.well-known/aip/agent` without `agent`: the platform and every agent it serves.',
  },
);
export type PlatformManifestDocument = Static<typeof PlatformManifestDocument>;

export const AgentSummary = Type.Object(
  {
    id: Slug,
    name: Type.String({ minLength: 1 }),
    capabilities: Type.Array(Type.String(), { description: 'The capabilities whose manifest value is true.' }),
    status: Type.Union([Type.Literal('active'), Type.Literal('inactive')], { title: 'AgentStatus' }),
  },
  { ...published('agent-summary', 'AgentSummary'), description: 'An agent as listed by the hub.' },
);
export type AgentSummary = Static<typeof AgentSummary>;

export const AgentListResponse = Type.Object(
  { data: Type.Array(AgentSummary) },
  { ...published('agent-list-response', 'AgentListResponse'), description: 'Answer of `GET /v1/aip/agents`.' },
);
export type AgentListResponse = Static<typeof AgentListResponse>;
