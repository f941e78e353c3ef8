import { Type, type Static, type TObject, type TLiteral } from '@sinclair/typebox';
import { BlockId, InvocationId, published, SessionId, Slug, TokenCount, Usage } from './common.ts';
import { ErrorObject } from './errors.ts';

const NullableSession = Type.Union([SessionId, Type.Null()], {
  description: 'The session the request named, or null.',
});

export const StartData = Type.Object(
  { invocationId: InvocationId, agent: Slug, session: NullableSession },
  {
    ...published('event-start', 'StartData'),
    description: 'Payload of `start`: the invocation began. Always the first event.',
  },
);
export const ContextAssembledData = Type.Object(
  {
    tokenCount: TokenCount,
    blocksIncluded: Type.Integer({ minimum: 0, description: 'Number of blocks in `blockIds`.' }),
    blockIds: Type.Array(BlockId, { description: 'Blocks that became context, in the order the agent sees them.' }),
    droppedBlockIds: Type.Array(BlockId, { description: 'Selected blocks left out to stay within the token budget.' }),
  },
  {
    ...published('event-context-assembled', 'ContextAssembledData'),
    description: 'Payload of `context_assembled`: what context the agent received.',
  },
);
export const ThinkingData = Type.Object(
  { content: Type.String() },
  {
    ...published('event-thinking', 'ThinkingData'),
    description: 'Payload of `thinking`: a piece of the agent\u2019s reasoning.',
  },
);
export const TextDeltaData = Type.Object(
  { content: Type.String() },
  {
    ...published('event-text-delta', 'TextDeltaData'),
    description: 'Payload of `text_delta`: the next piece of the answer.',
  },
);
export const ToolCallData = Type.Object(
  {
    id: Type.String({
      minLength: 1,
      maxLength: 128,
      description: 'Identifier of this call, unique within the stream.',
    }),
    tool: Type.String({ minLength: 1 }),
    input: Type.Object({}, { description: 'Arguments of the call.' }),
  },
  { ...published('event-tool-call', 'ToolCallData'), description: 'Payload of `tool_call`: the agent called a tool.' },
);
export const ToolResultData = Type.Object(
  {
    toolCallId: Type.String({ minLength: 1, maxLength: 128, description: 'The `id` of the `tool_call` this answers.' }),
    tool: Type.Optional(Type.String()),
    // Any JSON value, so no keyword at all: json-schema-to-typescript 16 reads a schema that has only a
    // `description` as an object, so the member's description lives in the parent's.
    output: Type.Unknown(),
    isError: Type.Optional(
      Type.Boolean({ description: 'True when the tool failed; `output` then describes the failure.' }),
    ),
  },
  {
    ...published('event-tool-result', 'ToolResultData'),
    description: 'Payload of `tool_result`: a tool call finished; `output` is what the tool returned.',
  },
);
export const FileEditData = Type.Object(
  {
    path: Type.String({ minLength: 1, description: 'Workspace-relative path of the file.' }),
    operation: Type.Union([Type.Literal('create'), Type.Literal('update'), Type.Literal('delete')], {
      title: 'FileEditOperation',
    }),
    diff: Type.Optional(Type.String({ description: 'Unified diff of the change.' })),
    toolCallId: Type.Optional(Type.String({ minLength: 1 })),
  },
  { ...published('event-file-edit', 'FileEditData'), description: 'Payload of `file_edit`: the agent changed a file.' },
);
export const DevUrlData = Type.Object(
  {
    url: Type.String({ format: 'uri', description: 'Absolute http(s) URL of a running development server.' }),
    label: Type.Optional(Type.String()),
    toolCallId: Type.Optional(Type.String({ minLength: 1 })),
  },
  {
    ...published('event-dev-url', 'DevUrlData'),
    description: 'Payload of `dev_url`: a development server is reachable.',
  },
);
export const CompleteData = Type.Object(
  {
    invocationId: InvocationId,
    output: Type.String({ description: 'The full answer; equals the concatenation of every `text_delta`.' }),
    session: NullableSession,
    blocksCreated: Type.Array(BlockId),
    usage: Usage,
  },
  {
    ...published('event-complete', 'CompleteData'),
    description: 'Payload of `complete`: the invocation succeeded. Terminal.',
  },
);
export const ErrorData = Type.Object(
  { invocationId: InvocationId, error: ErrorObject, usage: Type.Optional(Usage) },
  {
    ...published('event-error', 'ErrorData'),
    description: 'Payload of `error`: the invocation failed after it started. Terminal.',
  },
);

/** Every event of the catalogue, in the order they are documented. */
export const EVENT_PAYLOADS = {
  start: StartData,
  context_assembled: ContextAssembledData,
  thinking: ThinkingData,
  text_delta: TextDeltaData,
  tool_call: ToolCallData,
  tool_result: ToolResultData,
  file_edit: FileEditData,
  dev_url: DevUrlData,
  complete: CompleteData,
  error: ErrorData,
} as const;

export type EventName = keyof typeof EVENT_PAYLOADS;
export const EVENT_NAMES = Object.keys(EVENT_PAYLOADS) as EventName[];
export const TERMINAL_EVENTS: readonly EventName[] = ['complete', 'error'];

export type StartData = Static<typeof StartData>;
export type ContextAssembledData = Static<typeof ContextAssembledData>;
export type ThinkingData = Static<typeof ThinkingData>;
export type TextDeltaData = Static<typeof TextDeltaData>;
export type ToolCallData = Static<typeof ToolCallData>;
export type ToolResultData = Static<typeof ToolResultData>;
export type FileEditData = Static<typeof FileEditData>;
export type DevUrlData = Static<typeof DevUrlData>;
export type CompleteData = Static<typeof CompleteData>;
export type ErrorData = Static<typeof ErrorData>;

type EventVariant<N extends EventName> = TObject<{ event: TLiteral<N>; data: (typeof EVENT_PAYLOADS)[N] }>;

/** `text_delta` → `TextDeltaEvent`: the name generators give the variant. */
function variantTitle(name: EventName): string {
  return `${name.replace(/(^|_)([a-z])/g, (_m, _s, c: string) => c.toUpperCase())}Event`;
}

function variant<N extends EventName>(name: N): EventVariant<N> {
  return Type.Object(
    { event: Type.Literal(name), data: EVENT_PAYLOADS[name] },
    { title: variantTitle(name), description: `A \`${name}\` event.` },
  ) as EventVariant<N>;
}

const KNOWN_EVENTS = [
  variant('start'),
  variant('context_assembled'),
  variant('thinking'),
  variant('text_delta'),
  variant('tool_call'),
  variant('tool_result'),
  variant('file_edit'),
  variant('dev_url'),
  variant('complete'),
  variant('error'),
] as const;

/** One dispatched catalogue event: its SSE `event:` name and its parsed JSON `data`, discriminated by `event`. */
export const AipEvent = Type.Union([...KNOWN_EVENTS], {
  description: 'A catalogue event: the SSE `event:` name and the JSON-decoded `data:`.',
});
export type AipEvent = Static<typeof AipEvent>;

/**
 * An extension event (spec §16, AIP-EVT-001): any name starting with `x-`, any JSON data.
 * Receivers that do not know it ignore it; the schema only has to let it through.
 */
export const ExtensionEvent = Type.Object(
  {
    event: Type.TemplateLiteral([Type.Literal('x-'), Type.String()], {
      description: 'An extension event name: `x-` and anything after.',
    }),
    // Any JSON value, so no keyword at all: json-schema-to-typescript 16 reads a schema that has only a
    // `description` as an object, so the member's description lives in the parent's.
    data: Type.Unknown(),
  },
  {
    title: 'ExtensionEvent',
    description:
      'An extension event, which receivers that do not know it ignore. `data` is any JSON value; the extension defines it.',
  },
);
export type ExtensionEvent = Static<typeof ExtensionEvent>;

/**
 * What a stream may carry: a catalogue event, discriminated by `event`, or an extension event.
 * Open by design so that code generated from it keeps the spec's forward-compatibility promise.
 */
export const StreamEvent = Type.Union([...KNOWN_EVENTS, ExtensionEvent], {
  ...published('stream-event', 'StreamEvent'),
  description: 'A stream event: the SSE `event:` name and the JSON-decoded `data:`; `x-` names are extensions.',
});
export type StreamEvent = Static<typeof StreamEvent>;
