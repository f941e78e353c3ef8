/**
 * Type-level proof that the types generated from spec/openapi.yaml (src/generated/openapi.ts) are
 * the TypeBox static types of src/protocol, operation by operation. `tsc` fails on any divergence;
 * generated-types.test.ts compiles this file against a corrupted copy to show that it can fail.
 *
 * Known, deliberate differences, handled here and nowhere else:
 * - `Type.Object({})` (free-form objects such as `error.details`, `tool_call.input`): TypeBox's
 *   static type is `{}`, openapi-typescript (emptyObjectsUnknown) renders `Record<string, unknown>`.
 *   Both mean "any object"; `Wire<T>` rewrites `{}` to `Record<string, unknown>` before comparing.
 * - The fork request body is optional in the description (an empty body counts as `{}`), so its
 *   generated `requestBody` is optional; `RequestBody<Op>` reads the body type either way, and
 *   the optionality itself is asserted below.
 * - Members with a `default` (`stream`, `saveToSession`, `includePinned`, `pinned`, ...):
 *   openapi-typescript makes them required unless `defaultNonNullable: false`, which
 *   scripts/openapi/generate-types.ts sets. They stay optional, as on the wire, and are compared
 *   as such (no rewriting).
 */
import { expectTypeOf } from 'vitest';
import type { components, paths } from '../../src/generated/openapi.ts';
import type {
  AgentListResponse,
  AgentManifestDocument,
  AipEvent,
  BlockListResponse,
  BlockResponse,
  CompleteData,
  ContextAssembledData,
  CreateBlockRequest,
  CreateSessionRequest,
  DevUrlData,
  EventName,
  ErrorData,
  ErrorEnvelope,
  FileEditData,
  ForkSessionRequest,
  HubInvokeRequest,
  InvokeResponse,
  PlatformManifestDocument,
  PortableInvokeRequest,
  SessionListResponse,
  SessionResponse,
  StartData,
  TextDeltaData,
  ThinkingData,
  ToolCallData,
  ToolResultData,
} from '../../src/protocol/index.ts';

type IsFreeFormObject<T> = T extends object ? ([keyof T] extends [never] ? true : false) : false;
/** Deeply rewrites `{}` to `Record<string, unknown>`; everything else is kept as it is. */
type Wire<T> = T extends readonly (infer U)[]
  ? Wire<U>[]
  : T extends object
    ? IsFreeFormObject<T> extends true
      ? Record<string, unknown>
      : { [K in keyof T]: Wire<T[K]> }
    : T;

type Schemas = components['schemas'];
type JsonBody<R> = R extends { content: { 'application/json': infer B } } ? B : never;
type RequestBody<Op> = Op extends { requestBody?: infer R } ? JsonBody<Exclude<R, undefined>> : never;
type Success<Op> = Op extends { responses: infer R } ? JsonBody<R[Extract<keyof R, 200 | 201>]> : never;
type Failures<Op> = Op extends { responses: infer R } ? JsonBody<R[Exclude<keyof R, 200 | 201>]> : never;

type HubInvoke = paths['/v1/aip/invoke']['post'];
type PortableInvoke = paths['/.well-known/aip/invoke']['post'];
type Manifest = paths['/.well-known/aip/agent']['get'];
type CreateSession = paths['/v1/aip/sessions']['post'];
type ListSessions = paths['/v1/aip/sessions']['get'];
type GetSession = paths['/v1/aip/sessions/{sessionId}']['get'];
type ForkSession = paths['/v1/aip/sessions/{sessionId}/fork']['post'];
type CreateBlock = paths['/v1/aip/blocks']['post'];
type ListBlocks = paths['/v1/aip/sessions/{sessionId}/blocks']['get'];
type ListAgents = paths['/v1/aip/agents']['get'];
type AllOperations =
  | HubInvoke
  | PortableInvoke
  | Manifest
  | CreateSession
  | ListSessions
  | GetSession
  | ForkSession
  | CreateBlock
  | ListBlocks
  | ListAgents;

// Requests.
expectTypeOf<Wire<RequestBody<HubInvoke>>>().toEqualTypeOf<Wire<HubInvokeRequest>>();
expectTypeOf<Wire<RequestBody<PortableInvoke>>>().toEqualTypeOf<Wire<PortableInvokeRequest>>();
expectTypeOf<PortableInvoke['parameters']['header']['X-AIP-Agent']>().toEqualTypeOf<HubInvokeRequest['agent']>();
expectTypeOf<Wire<RequestBody<CreateSession>>>().toEqualTypeOf<Wire<CreateSessionRequest>>();
expectTypeOf<Wire<RequestBody<ForkSession>>>().toEqualTypeOf<Wire<ForkSessionRequest>>();
expectTypeOf<Wire<RequestBody<CreateBlock>>>().toEqualTypeOf<Wire<CreateBlockRequest>>();
// Only the fork body may be left out (an empty body counts as `{}`, spec §12.5); the others are required.
expectTypeOf<undefined>().toExtend<ForkSession['requestBody']>();
expectTypeOf<undefined>().not.toExtend<HubInvoke['requestBody']>();
expectTypeOf<undefined>().not.toExtend<CreateSession['requestBody']>();

// The JSON invoke response, identical on both invoke endpoints.
expectTypeOf<Wire<Success<HubInvoke>>>().toEqualTypeOf<Wire<InvokeResponse>>();
expectTypeOf<Wire<Success<PortableInvoke>>>().toEqualTypeOf<Wire<InvokeResponse>>();

// Every error response of every operation carries the error envelope.
expectTypeOf<Wire<Failures<AllOperations>>>().toEqualTypeOf<Wire<ErrorEnvelope>>();

// The other success bodies.
expectTypeOf<Wire<Success<Manifest>>>().toEqualTypeOf<Wire<PlatformManifestDocument | AgentManifestDocument>>();
expectTypeOf<Wire<Success<CreateSession>>>().toEqualTypeOf<Wire<SessionResponse>>();
expectTypeOf<Wire<Success<GetSession>>>().toEqualTypeOf<Wire<SessionResponse>>();
expectTypeOf<Wire<Success<ForkSession>>>().toEqualTypeOf<Wire<SessionResponse>>();
expectTypeOf<Wire<Success<ListSessions>>>().toEqualTypeOf<Wire<SessionListResponse>>();
expectTypeOf<Wire<Success<CreateBlock>>>().toEqualTypeOf<Wire<BlockResponse>>();
expectTypeOf<Wire<Success<ListBlocks>>>().toEqualTypeOf<Wire<BlockListResponse>>();
expectTypeOf<Wire<Success<ListAgents>>>().toEqualTypeOf<Wire<AgentListResponse>>();

// Stream events: the decoded event union (the catalogue, tagged by `event`, plus the open extension
// branch) and each payload schema the SSE item refers to.
expectTypeOf<Wire<Extract<Schemas['StreamEvent'], { event: EventName }>>>().toEqualTypeOf<Wire<AipEvent>>();
expectTypeOf<Exclude<Schemas['StreamEvent'], { event: EventName }>>().toEqualTypeOf<{ event: string; data: unknown }>();
expectTypeOf<Wire<Schemas['StartData']>>().toEqualTypeOf<Wire<StartData>>();
expectTypeOf<Wire<Schemas['ContextAssembledData']>>().toEqualTypeOf<Wire<ContextAssembledData>>();
expectTypeOf<Wire<Schemas['ThinkingData']>>().toEqualTypeOf<Wire<ThinkingData>>();
expectTypeOf<Wire<Schemas['TextDeltaData']>>().toEqualTypeOf<Wire<TextDeltaData>>();
expectTypeOf<Wire<Schemas['ToolCallData']>>().toEqualTypeOf<Wire<ToolCallData>>();
expectTypeOf<Wire<Schemas['ToolResultData']>>().toEqualTypeOf<Wire<ToolResultData>>();
expectTypeOf<Wire<Schemas['FileEditData']>>().toEqualTypeOf<Wire<FileEditData>>();
expectTypeOf<Wire<Schemas['DevUrlData']>>().toEqualTypeOf<Wire<DevUrlData>>();
expectTypeOf<Wire<Schemas['CompleteData']>>().toEqualTypeOf<Wire<CompleteData>>();
expectTypeOf<Wire<Schemas['ErrorData']>>().toEqualTypeOf<Wire<ErrorData>>();

// The SSE item names every catalogue event; its `data` is the JSON text of the payload.
expectTypeOf<Extract<Schemas['SseEvent'], { event: 'complete' }>['data']>().toEqualTypeOf<string>();
expectTypeOf<AipEvent['event']>().toExtend<Schemas['SseEvent']['event']>();
