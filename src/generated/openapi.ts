/**
 * Types of the AIP 0.1.0 HTTP surface, generated from spec/openapi-3.1.yaml (the 3.1 twin of
 * spec/openapi.yaml) by openapi-typescript.
 * Do not edit. Regenerate with: npx tsx scripts/build-types.ts
 */

export interface paths {
    "/.well-known/aip/agent": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Read the platform or agent manifest
         * @description Discovery document (§6), served without authentication in the spirit of RFC 8615; a key, if
         *     sent, is ignored. The body is not wrapped in `data` and uses snake_case.
         *
         *     - Without `agent`: the platform manifest, listing the platform, the profiles it claims
         *       (`"core"` always, `"hub"` when it offers the hub API) and every agent it serves.
         *     - With `agent=<slug>`: the manifest of that one agent.
         *
         *     Each agent's `manifest_hash` is `"sha256:"` followed by the hex SHA-256 of the RFC 8785
         *     canonical JSON of the agent object without `manifest_hash`; clients can recompute it.
         */
        get: operations["getManifest"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/.well-known/aip/invoke": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Invoke an agent (portable format)
         * @description The interoperable invoke endpoint (§7). The agent is named by the `X-AIP-Agent` header; the
         *     body is the snake_case portable request. `aip_version` must be present and well formed
         *     (otherwise 400 `invalid_request` with `field: "/aip_version"`); a well-formed version this
         *     endpoint does not implement is 400 `unsupported_version`, with `details.supported` listing
         *     the versions it does (`["0.1.0"]`).
         *
         *     Only the request format differs from the hub: the answer is the same JSON envelope or the
         *     same event stream as `POST /v1/aip/invoke` (§8). `context.session_id` works like the hub's
         *     `session`: an unknown or foreign session is 404 `session_not_found`, never a new session;
         *     without it the invocation is ephemeral and nothing is saved.
         */
        post: operations["invokePortable"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/aip/invoke": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Invoke an agent with session context
         * @description Hub invocation (§8). The hub assembles context from the named session (§9): explicit
         *     `context.blockIds` (which must belong to the session, else 404 `block_not_found`), blocks
         *     selected by tag, and pinned blocks, fitted into the `maxTokens` budget (default: the agent's
         *     `context_requirements.max_tokens`). Enrichment may add the caller's blocks from other
         *     sessions. What the agent received is reported by the `context_assembled` event.
         *
         *     Without `session` the invocation is ephemeral: `session` is null everywhere, nothing is
         *     saved and `blocksCreated` is empty. With a session and `saveToSession` (default true), a
         *     successful invocation appends the exchange as two `conversation` blocks (the user turn,
         *     then the assistant turn) and lists their ids in `blocksCreated`. A failed or cancelled
         *     invocation saves nothing.
         *
         *     With `stream` absent or false the answer is `{"data": Invocation}`; a run that failed after
         *     it started is still HTTP 200, with `status: "failed"` and an `error` (code `agent_error`).
         *     With `stream: true` the answer is an event stream (§10, §11); the JSON answer and the
         *     stream of the same invocation agree (`complete` ↔ `data`, `error` ↔ `status: "failed"`).
         */
        post: operations["invokeHub"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/aip/sessions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List sessions
         * @description The caller's sessions, most recently updated first, a page at a time (§12). Pass
         *     `meta.nextCursor` back as `cursor` while `meta.hasMore` is true.
         */
        get: operations["listSessions"];
        put?: never;
        /**
         * Create a session
         * @description Creates an empty session (§12). With `fromSession` the new session is a fork of that
         *     session instead, exactly as `POST /v1/aip/sessions/{sessionId}/fork` would make it:
         *     blocks are copied according to `includeByTag`, `excludeByTag` and `includePinned`, and
         *     the answer carries `forkedFrom`.
         */
        post: operations["createSession"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/aip/sessions/{sessionId}": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description Id of a session visible to the caller; any other id is 404 `session_not_found`.
                 * @example sess_abc123
                 */
                sessionId: components["parameters"]["SessionId"];
            };
            cookie?: never;
        };
        /**
         * Read a session
         * @description One session with its counters and the ids of all its blocks, oldest first (§12). Blocks
         *     saved by invocations (`blocksCreated`) appear here as soon as the invocation finished.
         */
        get: operations["getSession"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/aip/sessions/{sessionId}/fork": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description Id of a session visible to the caller; any other id is 404 `session_not_found`.
                 * @example sess_abc123
                 */
                sessionId: components["parameters"]["SessionId"];
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Fork a session
         * @description Creates a new session from the blocks of an existing one (§12). Blocks are chosen like
         *     context is (§9): those with an `includeByTag` tag (all blocks when it is absent or empty),
         *     minus those with an `excludeByTag` tag, plus every pinned block while `includePinned`
         *     holds (default true). The fork takes `defaultAgent` and `tags` from the source; its name is
         *     the request's `name` or one the hub derives. The answer's `forkedFrom` names the source
         *     session, which is left unchanged. An empty body counts as `{}`: every block is copied.
         */
        post: operations["forkSession"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/aip/blocks": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Add a block to a session
         * @description Appends a context block to a session (§13). `content` is shaped by `type`: a list of
         *     turns for `conversation`, a string for `note`, an object for the other types. The hub
         *     computes `metadata.tokenCount` (the reference counts a quarter of the UTF-8 bytes, rounded
         *     up), `pinned` defaults to false, and the hub picks `importance` when the request has none.
         *     A `content` that does not fit its `type` is 400 `invalid_request` with a `field` inside
         *     `/content`.
         */
        post: operations["createBlock"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/aip/sessions/{sessionId}/blocks": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description Id of a session visible to the caller; any other id is 404 `session_not_found`.
                 * @example sess_abc123
                 */
                sessionId: components["parameters"]["SessionId"];
            };
            cookie?: never;
        };
        /**
         * List the blocks of a session
         * @description The session's blocks without their content, oldest first, a page at a time (§13). The
         *     filters combine: a block is listed when it matches every filter given.
         */
        get: operations["listBlocks"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/aip/agents": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List agents
         * @description Every agent of the platform manifest, in short form (§14). `capabilities` lists the names
         *     whose value in the agent's manifest is `true`.
         */
        get: operations["listAgents"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        /**
         * SseEvent
         * @description One event of an invocation stream, in the OpenAPI 3.2 data model for `text/event-stream`:
         *     the `event:` field, the `data:` lines joined by line feeds, and the optional `id:` and
         *     `retry:` fields (§10). `data` always holds exactly one JSON object; decoded, it is the
         *     payload schema of the event's name (§11), and the pair `{event, data}` is a `StreamEvent`.
         *     Names starting with `x-` are extensions; clients ignore names they do not know.
         */
        SseEvent: {
            /** @description Event name from the catalogue, or an extension name starting with `x-`. */
            event: string;
            /** @description One JSON object, the event's payload. */
            data: string;
            /** @description Optional event id; servers may send it, resuming a stream is a future profile (§18). */
            id?: string;
            /** @description Optional reconnection delay in milliseconds, as SSE defines it. */
            retry?: number;
        } & ({
            /** @constant */
            event: "start";
            /** @description JSON text of a `start` payload (schemas/event-start.json). */
            data: unknown;
        } | {
            /** @constant */
            event: "context_assembled";
            /** @description JSON text of a `context_assembled` payload (schemas/event-context-assembled.json). */
            data: unknown;
        } | {
            /** @constant */
            event: "thinking";
            /** @description JSON text of a `thinking` payload (schemas/event-thinking.json). */
            data: unknown;
        } | {
            /** @constant */
            event: "text_delta";
            /** @description JSON text of a `text_delta` payload (schemas/event-text-delta.json). */
            data: unknown;
        } | {
            /** @constant */
            event: "tool_call";
            /** @description JSON text of a `tool_call` payload (schemas/event-tool-call.json). */
            data: unknown;
        } | {
            /** @constant */
            event: "tool_result";
            /** @description JSON text of a `tool_result` payload (schemas/event-tool-result.json). */
            data: unknown;
        } | {
            /** @constant */
            event: "file_edit";
            /** @description JSON text of a `file_edit` payload (schemas/event-file-edit.json). */
            data: unknown;
        } | {
            /** @constant */
            event: "dev_url";
            /** @description JSON text of a `dev_url` payload (schemas/event-dev-url.json). */
            data: unknown;
        } | {
            /** @constant */
            event: "complete";
            /** @description JSON text of a `complete` payload (schemas/event-complete.json). */
            data: unknown;
        } | {
            /** @constant */
            event: "error";
            /** @description JSON text of a `error` payload (schemas/event-error.json). */
            data: unknown;
        } | {
            event: string;
            /** @description JSON text of an extension payload; receivers that do not know the event ignore it. */
            data: unknown;
        });
        /**
         * AgentListResponse
         * @description Answer of `GET /v1/aip/agents`.
         */
        AgentListResponse: {
            data: components["schemas"]["AgentSummary"][];
        };
        /**
         * AgentManifest
         * @description What one agent is and can do.
         */
        AgentManifest: {
            id: components["schemas"]["Slug"];
            name: string;
            version: string;
            description?: string;
            /** @description SHA-256 of the RFC 8785 canonical JSON of this object without `manifest_hash`, as "sha256:<hex>". */
            manifest_hash: string;
            /** @description Capability name to whether the agent has it. */
            capabilities: {
                [key: string]: boolean;
            };
            /**
             * ContextRequirements
             * @description What context the agent takes.
             */
            context_requirements: {
                /** @description Largest context the agent accepts; the default budget. */
                max_tokens: number;
                supported_block_types: components["schemas"]["BlockType"][];
            };
            tools: string[];
            models: string[];
            /** @description Path (or absolute URL) of the portable invoke endpoint. */
            invoke: string;
            /** @description Whether the agent can answer as a stream. */
            stream: boolean;
            /** @description True only for the conformance agent, whose prompt directives drive it (§19). */
            conformance?: boolean;
        };
        /**
         * AgentManifestDocument
         * @description Answer of `GET /.well-known/aip/agent?agent=<slug>`.
         */
        AgentManifestDocument: {
            aip_version: string;
            agent: components["schemas"]["AgentManifest"];
        };
        /**
         * AgentSummary
         * @description An agent as listed by the hub.
         */
        AgentSummary: {
            id: components["schemas"]["Slug"];
            name: string;
            /** @description The capabilities whose manifest value is true. */
            capabilities: string[];
            /** AgentStatus */
            status: "active" | "inactive";
        };
        /**
         * Attachment
         * @description Material attached to a prompt, discriminated by `type`.
         */
        Attachment: {
            /** @constant */
            type: "text";
            name?: string;
            text: string;
        } | {
            /** @constant */
            type: "url";
            /** Format: uri */
            url: string;
            name?: string;
            media_type?: string;
        } | {
            /** @constant */
            type: "file";
            name: string;
            media_type: string;
            /** @description Base64 (RFC 4648 §4) file content. */
            data: string;
        };
        /**
         * Block
         * @description A context block. `content` is as created; its shape follows `type`.
         */
        Block: {
            id: components["schemas"]["BlockId"];
            sessionId: components["schemas"]["SessionId"];
            type: components["schemas"]["BlockType"];
            content: unknown;
            metadata: components["schemas"]["BlockMetadata"];
            createdAt: components["schemas"]["Timestamp"];
        };
        /**
         * BlockId
         * @description Block identifier, always prefixed "blk_".
         */
        BlockId: string;
        /**
         * BlockListResponse
         * @description A page of blocks, oldest first.
         */
        BlockListResponse: {
            data: components["schemas"]["BlockSummary"][];
            meta: components["schemas"]["ListMeta"];
        };
        /**
         * BlockMetadata
         * @description Hub-computed facts about a block.
         */
        BlockMetadata: {
            tokenCount: components["schemas"]["TokenCount"];
            tags: components["schemas"]["Tags"];
            pinned: boolean;
            importance: components["schemas"]["Importance"];
            /** @description 0 for an original block; n for a block produced by n rounds of compaction. */
            compactionLevel: number;
            /** @description For `file` and `diff` blocks, the path they concern. */
            path?: string;
        };
        /**
         * BlockResponse
         * @description A single block.
         */
        BlockResponse: {
            data: components["schemas"]["Block"];
        };
        /**
         * BlockSummary
         * @description A block as listed: everything but its content.
         */
        BlockSummary: {
            id: components["schemas"]["BlockId"];
            type: components["schemas"]["BlockType"];
            metadata: components["schemas"]["BlockMetadata"];
            createdAt: components["schemas"]["Timestamp"];
        };
        /**
         * BlockType
         * @description Kind of a context block.
         */
        BlockType: "conversation" | "file" | "diff" | "event" | "note" | "summary" | "tool_result";
        /**
         * CompleteData
         * @description Payload of `complete`: the invocation succeeded. Terminal.
         */
        CompleteData: {
            invocationId: components["schemas"]["InvocationId"];
            /** @description The full answer; equals the concatenation of every `text_delta`. */
            output: string;
            /** @description The session the request named, or null. */
            session: components["schemas"]["SessionId"] | null;
            blocksCreated: components["schemas"]["BlockId"][];
            usage: components["schemas"]["Usage"];
        };
        /**
         * ContextAssembledData
         * @description Payload of `context_assembled`: what context the agent received.
         */
        ContextAssembledData: {
            tokenCount: components["schemas"]["TokenCount"];
            /** @description Number of blocks in `blockIds`. */
            blocksIncluded: number;
            /** @description Blocks that became context, in the order the agent sees them. */
            blockIds: components["schemas"]["BlockId"][];
            /** @description Selected blocks left out to stay within the token budget. */
            droppedBlockIds: components["schemas"]["BlockId"][];
        };
        /**
         * ContextSelection
         * @description Which session blocks become context (spec §9).
         */
        ContextSelection: {
            /** @description Blocks of the session to include explicitly. */
            blockIds?: components["schemas"]["BlockId"][];
            includeByTag?: components["schemas"]["Tags"];
            excludeByTag?: components["schemas"]["Tags"];
            /** @description Include pinned blocks regardless of tags. Default true. */
            includePinned?: boolean;
            /** @description Token budget for assembled context. Default: the agent’s `context_requirements.max_tokens`. */
            maxTokens?: number;
        };
        /**
         * CreateBlockRequest
         * @description Body of `POST /v1/aip/blocks`; `content` is shaped by `type`.
         */
        CreateBlockRequest: {
            sessionId: components["schemas"]["SessionId"];
            /** @constant */
            type: "conversation";
            /** @description Turns of a conversation, oldest first. */
            content: {
                /** ConversationRole */
                role: "user" | "assistant" | "system";
                content: string;
            }[];
            tags?: components["schemas"]["Tags"];
            /**
             * @description Pinned blocks are never compacted and are included whenever `includePinned` holds.
             * @default false
             */
            pinned?: boolean;
            importance?: components["schemas"]["Importance"];
        } | {
            sessionId: components["schemas"]["SessionId"];
            /** @constant */
            type: "file";
            /**
             * FileContent
             * @description A file snapshot.
             */
            content: {
                path: string;
                content: string;
                language?: string;
            };
            tags?: components["schemas"]["Tags"];
            /**
             * @description Pinned blocks are never compacted and are included whenever `includePinned` holds.
             * @default false
             */
            pinned?: boolean;
            importance?: components["schemas"]["Importance"];
        } | {
            sessionId: components["schemas"]["SessionId"];
            /** @constant */
            type: "diff";
            /**
             * DiffContent
             * @description A change to a file.
             */
            content: {
                path: string;
                /** @description Unified diff. */
                diff: string;
            };
            tags?: components["schemas"]["Tags"];
            /**
             * @description Pinned blocks are never compacted and are included whenever `includePinned` holds.
             * @default false
             */
            pinned?: boolean;
            importance?: components["schemas"]["Importance"];
        } | {
            sessionId: components["schemas"]["SessionId"];
            /** @constant */
            type: "event";
            /**
             * EventContent
             * @description Something that happened (a deploy, a failing build, …).
             */
            content: {
                name: string;
                description?: string;
                data?: Record<string, unknown>;
            };
            tags?: components["schemas"]["Tags"];
            /**
             * @description Pinned blocks are never compacted and are included whenever `includePinned` holds.
             * @default false
             */
            pinned?: boolean;
            importance?: components["schemas"]["Importance"];
        } | {
            sessionId: components["schemas"]["SessionId"];
            /** @constant */
            type: "note";
            /** @description Free text. */
            content: string;
            tags?: components["schemas"]["Tags"];
            /**
             * @description Pinned blocks are never compacted and are included whenever `includePinned` holds.
             * @default false
             */
            pinned?: boolean;
            importance?: components["schemas"]["Importance"];
        } | {
            sessionId: components["schemas"]["SessionId"];
            /** @constant */
            type: "summary";
            /**
             * SummaryContent
             * @description A condensed account of earlier blocks.
             */
            content: {
                text: string;
                /** @description Blocks this summary condenses. */
                covers?: components["schemas"]["BlockId"][];
            };
            tags?: components["schemas"]["Tags"];
            /**
             * @description Pinned blocks are never compacted and are included whenever `includePinned` holds.
             * @default false
             */
            pinned?: boolean;
            importance?: components["schemas"]["Importance"];
        } | {
            sessionId: components["schemas"]["SessionId"];
            /** @constant */
            type: "tool_result";
            /**
             * ToolResultContent
             * @description A recorded tool call and its result.
             */
            content: {
                tool: string;
                input: Record<string, unknown>;
                output: unknown;
            };
            tags?: components["schemas"]["Tags"];
            /**
             * @description Pinned blocks are never compacted and are included whenever `includePinned` holds.
             * @default false
             */
            pinned?: boolean;
            importance?: components["schemas"]["Importance"];
        };
        /**
         * CreateSessionRequest
         * @description Body of `POST /v1/aip/sessions`. With `fromSession`, the new session is a fork.
         */
        CreateSessionRequest: {
            name: string;
            defaultAgent?: components["schemas"]["Slug"];
            tags?: components["schemas"]["Tags"];
            fromSession?: components["schemas"]["SessionId"];
            includeByTag?: components["schemas"]["Tags"];
            excludeByTag?: components["schemas"]["Tags"];
            /**
             * @description Copy pinned blocks regardless of tags.
             * @default true
             */
            includePinned?: boolean;
        };
        /**
         * DevUrlData
         * @description Payload of `dev_url`: a development server is reachable.
         */
        DevUrlData: {
            /**
             * Format: uri
             * @description Absolute http(s) URL of a running development server.
             */
            url: string;
            label?: string;
            toolCallId?: string;
        };
        /**
         * EnrichmentConfig
         * @description Enrichment options.
         */
        EnrichmentConfig: {
            /** @description With `auto`: add the caller’s blocks tagged `preferences`. Default true. */
            includePreferences?: boolean;
            /** @description With `auto`: 0 orders candidates by importance only, 1 by recency only. */
            recencyBias?: number;
            /** @description Cap on enrichment tokens, inside the overall context budget. */
            maxTokens?: number;
            /** @description With `manual`: blocks from any of the caller’s sessions to add. */
            blockIds?: components["schemas"]["BlockId"][];
        };
        /**
         * EnrichmentMode
         * @description How the hub adds context beyond the session: `none` (default), `manual` (caller-named blocks), `auto` (hub-chosen).
         */
        EnrichmentMode: "none" | "manual" | "auto";
        /**
         * ErrorData
         * @description Payload of `error`: the invocation failed after it started. Terminal.
         */
        ErrorData: {
            invocationId: components["schemas"]["InvocationId"];
            error: components["schemas"]["ErrorObject"];
            usage?: components["schemas"]["Usage"];
        };
        /**
         * ErrorEnvelope
         * @description Body of every error response: `{ "error": { "code", "message", … } }`.
         */
        ErrorEnvelope: {
            error: components["schemas"]["ErrorObject"];
        };
        /**
         * ErrorObject
         * @description An error: what went wrong and where.
         */
        ErrorObject: {
            /** @description Stable machine-readable code from the catalogue. */
            code: string;
            /** @description Human-readable explanation that says what to do. */
            message: string;
            /** @description JSON Pointer (RFC 6901) to the offending request member, or `header:<name>` for a header. */
            field?: string;
            /** @description Identifier of the request, for support. */
            requestId?: string;
            /** @description True when repeating the same request may succeed. */
            retryable?: boolean;
            /** @description Code-specific structured detail. */
            details?: Record<string, unknown>;
        };
        /**
         * FileEditData
         * @description Payload of `file_edit`: the agent changed a file.
         */
        FileEditData: {
            /** @description Workspace-relative path of the file. */
            path: string;
            /** FileEditOperation */
            operation: "create" | "update" | "delete";
            /** @description Unified diff of the change. */
            diff?: string;
            toolCallId?: string;
        };
        /**
         * ForkSessionRequest
         * @description Body of `POST /v1/aip/sessions/{sessionId}/fork`.
         */
        ForkSessionRequest: {
            name?: string;
            includeByTag?: components["schemas"]["Tags"];
            excludeByTag?: components["schemas"]["Tags"];
            /**
             * @description Copy pinned blocks regardless of tags.
             * @default true
             */
            includePinned?: boolean;
        };
        /**
         * HubInvokeRequest
         * @description Body of `POST /v1/aip/invoke`.
         */
        HubInvokeRequest: {
            agent: components["schemas"]["Slug"];
            /** @description User message or task. */
            prompt: string;
            session?: components["schemas"]["SessionId"];
            context?: components["schemas"]["ContextSelection"];
            enrichment?: components["schemas"]["EnrichmentMode"];
            enrichmentConfig?: components["schemas"]["EnrichmentConfig"];
            /**
             * @description Answer with a Server-Sent Events stream.
             * @default false
             */
            stream?: boolean;
            /**
             * @description Save the exchange to the session.
             * @default true
             */
            saveToSession?: boolean;
        };
        /**
         * Importance
         * @description Importance score from 0 to 1.
         */
        Importance: number;
        /**
         * Invocation
         * @description A finished invocation. `error` is present exactly when `status` is not `completed`.
         */
        Invocation: {
            id: components["schemas"]["InvocationId"];
            status: components["schemas"]["InvocationStatus"];
            /** @description The agent’s full answer; the concatenation of every `text_delta` of the same invocation. */
            output: string;
            agent: components["schemas"]["Slug"];
            /** @description The session the request named, or null for an ephemeral invocation. */
            session: components["schemas"]["SessionId"] | null;
            /** @description Blocks the invocation saved to the session, in creation order. */
            blocksCreated: components["schemas"]["BlockId"][];
            usage: components["schemas"]["Usage"];
            error?: components["schemas"]["ErrorObject"];
        };
        /**
         * InvocationId
         * @description Invocation identifier, always prefixed "inv_".
         */
        InvocationId: string;
        /**
         * InvocationStatus
         * @description Terminal state of an invocation.
         */
        InvocationStatus: "completed" | "failed" | "cancelled";
        /**
         * InvokeResponse
         * @description JSON answer of both invoke endpoints when streaming is off.
         */
        InvokeResponse: {
            data: components["schemas"]["Invocation"];
        };
        /**
         * ListMeta
         * @description Pagination state of a list response.
         */
        ListMeta: {
            /** @description True when another page follows. */
            hasMore: boolean;
            /** @description Pass as `cursor` to fetch the next page; present when `hasMore` is true. */
            nextCursor?: string;
        };
        /**
         * PlatformManifestDocument
         * @description Answer of `GET /.well-known/aip/agent` without `agent`: the platform and every agent it serves.
         */
        PlatformManifestDocument: {
            aip_version: string;
            /**
             * PlatformInfo
             * @description The platform serving the agents.
             */
            platform: {
                name: string;
                version?: string;
            };
            /** @description Conformance profiles the endpoint claims: "core" (portable invoke and manifest) and, optionally, "hub" (the /v1/aip API). */
            profiles: string[];
            agents: components["schemas"]["AgentManifest"][];
        };
        /**
         * PortableInvokeRequest
         * @description Body of `POST /.well-known/aip/invoke`; the agent is named by the `X-AIP-Agent` header.
         */
        PortableInvokeRequest: {
            /** @description Protocol version of the request; "0.1.0". */
            aip_version: string;
            /**
             * PortablePrompt
             * @description The prompt.
             */
            prompt: {
                /** @description User message or task. */
                content: string;
                attachments?: components["schemas"]["Attachment"][];
            };
            /**
             * PortableContext
             * @description Session and context selection; the snake_case twin of the hub’s `session`, `context` and enrichment members.
             */
            context?: {
                session_id?: components["schemas"]["SessionId"];
                block_ids?: components["schemas"]["BlockId"][];
                include_by_tag?: components["schemas"]["Tags"];
                exclude_by_tag?: components["schemas"]["Tags"];
                include_pinned?: boolean;
                max_tokens?: number;
                enrichment?: components["schemas"]["EnrichmentMode"];
                /**
                 * PortableEnrichmentConfig
                 * @description The snake_case twin of `EnrichmentConfig`.
                 */
                enrichment_config?: {
                    include_preferences?: boolean;
                    recency_bias?: number;
                    max_tokens?: number;
                    block_ids?: components["schemas"]["BlockId"][];
                };
            };
            /**
             * PortableOptions
             * @description Delivery options.
             */
            options?: {
                /** @default false */
                stream?: boolean;
                /** @default true */
                save_to_session?: boolean;
            };
        };
        /**
         * Session
         * @description A session: a named container of context blocks.
         */
        Session: {
            id: components["schemas"]["SessionId"];
            name: string;
            defaultAgent?: components["schemas"]["Slug"];
            tags: components["schemas"]["Tags"];
            metrics: components["schemas"]["SessionMetrics"];
            /** @description Every block of the session, oldest first. */
            blocks: components["schemas"]["BlockId"][];
            /** @description The pinned subset of `blocks`, in the same order. */
            pinnedBlocks: components["schemas"]["BlockId"][];
            forkedFrom?: components["schemas"]["SessionId"];
            createdAt: components["schemas"]["Timestamp"];
            updatedAt: components["schemas"]["Timestamp"];
        };
        /**
         * SessionId
         * @description Session identifier, always prefixed "sess_".
         */
        SessionId: string;
        /**
         * SessionListResponse
         * @description A page of sessions, most recently updated first.
         */
        SessionListResponse: {
            data: components["schemas"]["SessionSummary"][];
            meta: components["schemas"]["ListMeta"];
        };
        /**
         * SessionMetrics
         * @description Counters of a session.
         */
        SessionMetrics: {
            totalTokens: components["schemas"]["TokenCount"];
            /** @description Capacity of the session in tokens. */
            maxTokens: number;
            /** @description (maxTokens - totalTokens) / maxTokens * 100, floored at 0. */
            tokensRemainingPct: number;
            compactionCount: number;
            blockCount: number;
            invocationCount: number;
        };
        /**
         * SessionResponse
         * @description A single session.
         */
        SessionResponse: {
            data: components["schemas"]["Session"];
        };
        /**
         * SessionSummary
         * @description A session as listed.
         */
        SessionSummary: {
            id: components["schemas"]["SessionId"];
            name: string;
            tags: components["schemas"]["Tags"];
            /**
             * SessionSummaryMetrics
             * @description The counters a list shows.
             */
            metrics: {
                totalTokens: components["schemas"]["TokenCount"];
                blockCount: number;
            };
            updatedAt: components["schemas"]["Timestamp"];
        };
        /**
         * Slug
         * @description Agent deployment slug: lowercase letters, digits, ".", "_" and "-", 1 to 64 characters.
         */
        Slug: string;
        /**
         * StartData
         * @description Payload of `start`: the invocation began. Always the first event.
         */
        StartData: {
            invocationId: components["schemas"]["InvocationId"];
            agent: components["schemas"]["Slug"];
            /** @description The session the request named, or null. */
            session: components["schemas"]["SessionId"] | null;
        };
        /**
         * StreamEvent
         * @description A stream event: the SSE `event:` name and the JSON-decoded `data:`; `x-` names are extensions.
         */
        StreamEvent: {
            /** @constant */
            event: "start";
            data: components["schemas"]["StartData"];
        } | {
            /** @constant */
            event: "context_assembled";
            data: components["schemas"]["ContextAssembledData"];
        } | {
            /** @constant */
            event: "thinking";
            data: components["schemas"]["ThinkingData"];
        } | {
            /** @constant */
            event: "text_delta";
            data: components["schemas"]["TextDeltaData"];
        } | {
            /** @constant */
            event: "tool_call";
            data: components["schemas"]["ToolCallData"];
        } | {
            /** @constant */
            event: "tool_result";
            data: components["schemas"]["ToolResultData"];
        } | {
            /** @constant */
            event: "file_edit";
            data: components["schemas"]["FileEditData"];
        } | {
            /** @constant */
            event: "dev_url";
            data: components["schemas"]["DevUrlData"];
        } | {
            /** @constant */
            event: "complete";
            data: components["schemas"]["CompleteData"];
        } | {
            /** @constant */
            event: "error";
            data: components["schemas"]["ErrorData"];
        } | {
            /** @description An extension event name: `x-` and anything after. */
            event: string;
            data: unknown;
        };
        /**
         * Tag
         * @description A free-form tag.
         */
        Tag: string;
        /**
         * Tags
         * @description Tags, compared case-sensitively.
         */
        Tags: components["schemas"]["Tag"][];
        /**
         * TextDeltaData
         * @description Payload of `text_delta`: the next piece of the answer.
         */
        TextDeltaData: {
            content: string;
        };
        /**
         * ThinkingData
         * @description Payload of `thinking`: a piece of the agent’s reasoning.
         */
        ThinkingData: {
            content: string;
        };
        /**
         * Timestamp
         * Format: date-time
         * @description RFC 3339 timestamp in UTC with a trailing "Z".
         */
        Timestamp: string;
        /**
         * TokenCount
         * @description A number of tokens, counted by the hub.
         */
        TokenCount: number;
        /**
         * ToolCallData
         * @description Payload of `tool_call`: the agent called a tool.
         */
        ToolCallData: {
            /** @description Identifier of this call, unique within the stream. */
            id: string;
            tool: string;
            /** @description Arguments of the call. */
            input: Record<string, unknown>;
        };
        /**
         * ToolResultData
         * @description Payload of `tool_result`: a tool call finished; `output` is what the tool returned.
         */
        ToolResultData: {
            /** @description The `id` of the `tool_call` this answers. */
            toolCallId: string;
            tool?: string;
            output: unknown;
            /** @description True when the tool failed; `output` then describes the failure. */
            isError?: boolean;
        };
        /**
         * Usage
         * @description Token accounting of one invocation.
         */
        Usage: {
            /** @description Tokens of assembled context; equals `context_assembled.tokenCount`. */
            contextTokens: number;
            /** @description Tokens the agent consumed as input (context, prompt and overhead). */
            inputTokens: number;
            /** @description Tokens the agent produced. */
            outputTokens: number;
        };
    };
    responses: {
        /**
         * @description The invocation ran (§8). The request's `stream` member alone chooses the `Content-Type`;
         *     the `Accept` header plays no part:
         *
         *     - `application/json` — `{"data": Invocation}` once the run finished. `status` tells how the
         *       run ended, always with HTTP 200: `completed`; `failed` with an `error` (code
         *       `agent_error`) when the agent failed after it started; `cancelled` with an `error` (code
         *       `cancelled`, retryable) when the server shut down during the run.
         *     - `text/event-stream` — one event per item, flushed as produced, without `Content-Length`
         *       (§10). Framing follows the WHATWG SSE grammar; senders should use the simple profile
         *       (UTF-8, LF line ends, one `data:` line per event, no BOM). While nothing else is sent for
         *       15 seconds the server should send a `: keep-alive` comment, which clients ignore.
         *       Ordering (§11): `start` first; `context_assembled` exactly once, before any `thinking`,
         *       `text_delta`, `tool_call`, `tool_result`, `file_edit` or `dev_url`; exactly one
         *       terminal event (`complete` or `error`) last. On `complete`, the `text_delta` contents
         *       concatenated equal `output`. If the client disconnects, the hub aborts the agent and
         *       saves nothing.
         */
        InvocationResult: {
            headers: {
                "X-Request-Id": components["headers"]["RequestId"];
                "Cache-Control": components["headers"]["CacheControl"];
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["InvokeResponse"];
                "text/event-stream": string;
            };
        };
        /** @description The body is not JSON, not an object, or violates the schema; `field` points at the first offending member. */
        BadBody: {
            headers: {
                "X-Request-Id": components["headers"]["RequestId"];
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorEnvelope"];
            };
        };
        /** @description A query parameter is out of range or malformed; `field` is `/query/<name>`. */
        BadQuery: {
            headers: {
                "X-Request-Id": components["headers"]["RequestId"];
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorEnvelope"];
            };
        };
        /** @description The `X-API-Key` header is missing or holds no valid key (§4). Checked before the body. */
        Unauthorized: {
            headers: {
                "X-Request-Id": components["headers"]["RequestId"];
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorEnvelope"];
            };
        };
        /**
         * @description The session does not exist or belongs to another key (answered identically, so that no
         *     existence leaks), or the platform does not offer the hub profile.
         */
        SessionNotFound: {
            headers: {
                "X-Request-Id": components["headers"]["RequestId"];
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorEnvelope"];
            };
        };
        /** @description The platform does not offer the hub profile, so the path does not exist there (§2, §3). */
        HubNotOffered: {
            headers: {
                "X-Request-Id": components["headers"]["RequestId"];
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorEnvelope"];
            };
        };
        /**
         * @description The path exists but not with the method used (§3); `Allow` lists the methods it has. Listed
         *     under every operation because OpenAPI has no path-level responses.
         */
        MethodNotAllowed: {
            headers: {
                "X-Request-Id": components["headers"]["RequestId"];
                Allow: components["headers"]["Allow"];
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorEnvelope"];
            };
        };
        /** @description The body is larger than the platform accepts (§3; the reference server's limit is 1 MiB). */
        PayloadTooLarge: {
            headers: {
                "X-Request-Id": components["headers"]["RequestId"];
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorEnvelope"];
            };
        };
        /** @description The body is not declared as `application/json` (§3). */
        UnsupportedMediaType: {
            headers: {
                "X-Request-Id": components["headers"]["RequestId"];
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorEnvelope"];
            };
        };
        /** @description Too many requests; wait as `Retry-After` says, then repeat (§5). */
        RateLimited: {
            headers: {
                "X-Request-Id": components["headers"]["RequestId"];
                "Retry-After": components["headers"]["RetryAfter"];
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorEnvelope"];
            };
        };
        /** @description The platform failed unexpectedly (§5). Quote `X-Request-Id` when reporting it. */
        InternalError: {
            headers: {
                "X-Request-Id": components["headers"]["RequestId"];
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorEnvelope"];
            };
        };
        /** @description The platform is shutting down or overloaded (§5); retry later, after `Retry-After` when given. */
        Unavailable: {
            headers: {
                "X-Request-Id": components["headers"]["RequestId"];
                "Retry-After": components["headers"]["RetryAfter"];
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorEnvelope"];
            };
        };
    };
    parameters: {
        /**
         * @description Slug of the agent to invoke (§7). Without it the answer is 400 `agent_header_required`
         *     (`field: "header:X-AIP-Agent"`); a slug the platform does not serve is 404 `agent_not_found`.
         * @example code-assistant
         */
        AipAgentHeader: components["schemas"]["Slug"];
        /**
         * @description Id of a session visible to the caller; any other id is 404 `session_not_found`.
         * @example sess_abc123
         */
        SessionId: components["schemas"]["SessionId"];
        /**
         * @description Page size. Outside 1 to 100 or not an integer is 400 `invalid_request` with `field: "/query/limit"`.
         * @example 20
         */
        Limit: number;
        /**
         * @description `meta.nextCursor` of the previous page, passed back unchanged. A cursor this endpoint did not
         *     issue is 400 `invalid_request` with `field: "/query/cursor"`.
         * @example c_20
         */
        Cursor: string;
    };
    requestBodies: never;
    headers: {
        /**
         * @description Identifier of this request, also echoed as `error.requestId` in error bodies (§3). Quote it when reporting a problem.
         * @example req_7Hq2dV0c
         */
        RequestId: string;
        /**
         * @description The methods the path offers, comma-separated (§3, RFC 9110 §10.2.1).
         * @example POST
         */
        Allow: string;
        /**
         * @description How long to wait before retrying, in seconds or as an HTTP date (RFC 9110 §10.2.3).
         * @example 2
         */
        RetryAfter: string;
        /**
         * @description Streams are sent with `no-cache` so that no intermediary stores or delays them (§10).
         * @example no-cache
         */
        CacheControl: string;
    };
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    getManifest: {
        parameters: {
            query?: {
                /**
                 * @description Slug of one agent. Absent means the whole platform. A slug the platform does not serve is 404 `agent_not_found`.
                 * @example code-assistant
                 */
                agent?: components["schemas"]["Slug"];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The platform manifest (no `agent` query) or one agent's manifest. */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PlatformManifestDocument"] | components["schemas"]["AgentManifestDocument"];
                };
            };
            /** @description The `agent` query names no agent this platform serves. */
            404: {
                headers: {
                    "X-Request-Id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            405: components["responses"]["MethodNotAllowed"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["Unavailable"];
        };
    };
    invokePortable: {
        parameters: {
            query?: never;
            header: {
                /**
                 * @description Slug of the agent to invoke (§7). Without it the answer is 400 `agent_header_required`
                 *     (`field: "header:X-AIP-Agent"`); a slug the platform does not serve is 404 `agent_not_found`.
                 * @example code-assistant
                 */
                "X-AIP-Agent": components["parameters"]["AipAgentHeader"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["PortableInvokeRequest"];
            };
        };
        responses: {
            200: components["responses"]["InvocationResult"];
            /**
             * @description The request was refused before the agent started: the body is not JSON, violates the
             *     schema, names an unsupported `aip_version`, the `X-AIP-Agent` header is missing, or
             *     streaming was asked of an agent whose manifest says `stream: false`.
             */
            400: {
                headers: {
                    "X-Request-Id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            401: components["responses"]["Unauthorized"];
            /** @description The agent, the session or a referenced block does not exist or is not visible to this key. */
            404: {
                headers: {
                    "X-Request-Id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            405: components["responses"]["MethodNotAllowed"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["Unavailable"];
        };
    };
    invokeHub: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["HubInvokeRequest"];
            };
        };
        responses: {
            200: components["responses"]["InvocationResult"];
            /** @description The body is not JSON or violates the schema, or streaming was asked of an agent that cannot stream. */
            400: {
                headers: {
                    "X-Request-Id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            401: components["responses"]["Unauthorized"];
            /**
             * @description The agent, the session or a referenced block does not exist or is not visible to this
             *     key; or the platform does not offer the hub profile at all.
             */
            404: {
                headers: {
                    "X-Request-Id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            405: components["responses"]["MethodNotAllowed"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["Unavailable"];
        };
    };
    listSessions: {
        parameters: {
            query?: {
                /**
                 * @description Page size. Outside 1 to 100 or not an integer is 400 `invalid_request` with `field: "/query/limit"`.
                 * @example 20
                 */
                limit?: components["parameters"]["Limit"];
                /**
                 * @description `meta.nextCursor` of the previous page, passed back unchanged. A cursor this endpoint did not
                 *     issue is 400 `invalid_request` with `field: "/query/cursor"`.
                 * @example c_20
                 */
                cursor?: components["parameters"]["Cursor"];
                /**
                 * @description Only sessions carrying this tag (case-sensitive).
                 * @example authentication
                 */
                tag?: components["schemas"]["Tag"];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of sessions. */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SessionListResponse"];
                };
            };
            400: components["responses"]["BadQuery"];
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["HubNotOffered"];
            405: components["responses"]["MethodNotAllowed"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["Unavailable"];
        };
    };
    createSession: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateSessionRequest"];
            };
        };
        responses: {
            /** @description The new session. */
            201: {
                headers: {
                    "X-Request-Id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SessionResponse"];
                };
            };
            400: components["responses"]["BadBody"];
            401: components["responses"]["Unauthorized"];
            /**
             * @description `fromSession` names no session visible to this key, `defaultAgent` names no deployed
             *     agent, or the platform does not offer the hub profile.
             */
            404: {
                headers: {
                    "X-Request-Id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            405: components["responses"]["MethodNotAllowed"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["Unavailable"];
        };
    };
    getSession: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description Id of a session visible to the caller; any other id is 404 `session_not_found`.
                 * @example sess_abc123
                 */
                sessionId: components["parameters"]["SessionId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The session. */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SessionResponse"];
                };
            };
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["SessionNotFound"];
            405: components["responses"]["MethodNotAllowed"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["Unavailable"];
        };
    };
    forkSession: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description Id of a session visible to the caller; any other id is 404 `session_not_found`.
                 * @example sess_abc123
                 */
                sessionId: components["parameters"]["SessionId"];
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["ForkSessionRequest"];
            };
        };
        responses: {
            /** @description The new session, with `forkedFrom` set. */
            201: {
                headers: {
                    "X-Request-Id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SessionResponse"];
                };
            };
            400: components["responses"]["BadBody"];
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["SessionNotFound"];
            405: components["responses"]["MethodNotAllowed"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["Unavailable"];
        };
    };
    createBlock: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateBlockRequest"];
            };
        };
        responses: {
            /** @description The stored block. */
            201: {
                headers: {
                    "X-Request-Id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BlockResponse"];
                };
            };
            400: components["responses"]["BadBody"];
            401: components["responses"]["Unauthorized"];
            /** @description `sessionId` names no session visible to this key, or the platform does not offer the hub profile. */
            404: {
                headers: {
                    "X-Request-Id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            405: components["responses"]["MethodNotAllowed"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["Unavailable"];
        };
    };
    listBlocks: {
        parameters: {
            query?: {
                /**
                 * @description Only blocks of this type.
                 * @example note
                 */
                type?: components["schemas"]["BlockType"];
                /**
                 * @description Only blocks carrying this tag (case-sensitive).
                 * @example authentication
                 */
                tag?: components["schemas"]["Tag"];
                /**
                 * @description `true` lists only pinned blocks, `false` only unpinned ones.
                 * @example true
                 */
                pinned?: boolean;
                /**
                 * @description Page size. Outside 1 to 100 or not an integer is 400 `invalid_request` with `field: "/query/limit"`.
                 * @example 20
                 */
                limit?: components["parameters"]["Limit"];
                /**
                 * @description `meta.nextCursor` of the previous page, passed back unchanged. A cursor this endpoint did not
                 *     issue is 400 `invalid_request` with `field: "/query/cursor"`.
                 * @example c_20
                 */
                cursor?: components["parameters"]["Cursor"];
            };
            header?: never;
            path: {
                /**
                 * @description Id of a session visible to the caller; any other id is 404 `session_not_found`.
                 * @example sess_abc123
                 */
                sessionId: components["parameters"]["SessionId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of blocks. */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BlockListResponse"];
                };
            };
            400: components["responses"]["BadQuery"];
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["SessionNotFound"];
            405: components["responses"]["MethodNotAllowed"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["Unavailable"];
        };
    };
    listAgents: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The agents. */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AgentListResponse"];
                };
            };
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["HubNotOffered"];
            405: components["responses"]["MethodNotAllowed"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["Unavailable"];
        };
    };
}
