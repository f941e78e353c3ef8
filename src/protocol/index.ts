import type { TSchema } from '@sinclair/typebox';
import { ErrorEnvelope, ErrorObject } from './errors.ts';
import {
  HubInvokeRequest,
  PortableInvokeRequest,
  Invocation,
  InvokeResponse,
  ContextSelection,
  EnrichmentConfig,
  Attachment,
} from './invoke.ts';
import {
  StreamEvent,
  StartData,
  ContextAssembledData,
  ThinkingData,
  TextDeltaData,
  ToolCallData,
  ToolResultData,
  FileEditData,
  DevUrlData,
  CompleteData,
  ErrorData,
} from './events.ts';
import { CreateBlockRequest, Block, BlockSummary, BlockResponse, BlockListResponse } from './block.ts';
import {
  CreateSessionRequest,
  ForkSessionRequest,
  Session,
  SessionSummary,
  SessionResponse,
  SessionListResponse,
} from './session.ts';
import {
  AgentManifest,
  AgentManifestDocument,
  PlatformManifestDocument,
  AgentSummary,
  AgentListResponse,
} from './manifest.ts';
import { Usage } from './common.ts';

export * from './common.ts';
export * from './errors.ts';
export * from './invoke.ts';
export * from './events.ts';
export * from './block.ts';
export * from './session.ts';
export * from './manifest.ts';
export * from './canonical-json.ts';

/**
 * Every wire object, by the file stem its JSON Schema is published under (`schemas/<stem>.json`).
 * Adding an object here is all it takes to publish, validate and document it.
 */
export const WIRE_SCHEMAS = {
  'hub-invoke-request': HubInvokeRequest,
  'portable-invoke-request': PortableInvokeRequest,
  'context-selection': ContextSelection,
  'enrichment-config': EnrichmentConfig,
  attachment: Attachment,
  invocation: Invocation,
  'invoke-response': InvokeResponse,
  usage: Usage,
  'error-object': ErrorObject,
  'error-envelope': ErrorEnvelope,
  'stream-event': StreamEvent,
  'event-start': StartData,
  'event-context-assembled': ContextAssembledData,
  'event-thinking': ThinkingData,
  'event-text-delta': TextDeltaData,
  'event-tool-call': ToolCallData,
  'event-tool-result': ToolResultData,
  'event-file-edit': FileEditData,
  'event-dev-url': DevUrlData,
  'event-complete': CompleteData,
  'event-error': ErrorData,
  'create-session-request': CreateSessionRequest,
  'fork-session-request': ForkSessionRequest,
  session: Session,
  'session-summary': SessionSummary,
  'session-response': SessionResponse,
  'session-list-response': SessionListResponse,
  'create-block-request': CreateBlockRequest,
  block: Block,
  'block-summary': BlockSummary,
  'block-response': BlockResponse,
  'block-list-response': BlockListResponse,
  'agent-manifest': AgentManifest,
  'agent-manifest-document': AgentManifestDocument,
  'platform-manifest-document': PlatformManifestDocument,
  'agent-summary': AgentSummary,
  'agent-list-response': AgentListResponse,
} as const satisfies Record<string, TSchema>;

export type WireSchemaName = keyof typeof WIRE_SCHEMAS;
