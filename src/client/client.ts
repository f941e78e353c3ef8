import {
  AIP_VERSION,
  type AgentManifestDocument,
  type AgentSummary,
  type AipEvent,
  type Block,
  type BlockListResponse,
  type BlockSummary,
  type BlockType,
  type CreateBlockRequest,
  type CreateSessionRequest,
  type ForkSessionRequest,
  type HubInvokeRequest,
  type Invocation,
  type ListMeta,
  type PlatformManifestDocument,
  type PortableInvokeRequest,
  type Session,
  type SessionListResponse,
  type SessionSummary,
  type WireSchemaName,
} from '../protocol/index.ts';
import { AipError } from './errors.ts';
import { streamEvents } from './event-stream.ts';
import { redactor } from './redact.ts';
import { requestJson, type CallOptions, type Query, type RequestSpec, type Transport } from './transport.ts';

export interface ClientOptions {
  /** Origin (and optional path prefix) of the AIP endpoint, e.g. `https://hub.example.com`. */
  baseUrl: string;
  /** Sent as `X-API-Key`; only the manifest works without one. Never appears in errors. */
  apiKey?: string;
  /** A fetch implementation; defaults to the platform's `fetch`. */
  fetch?: typeof globalThis.fetch;
  /** Extra headers for every request; they cannot override the protocol's own headers. */
  headers?: Record<string, string>;
  /** Per-call time limit in ms (streams: to the response and between chunks). Default 120 000; 0 disables. */
  timeoutMs?: number;
}

/** The portable request with `aip_version` optional: the client fills in the version it speaks. */
export type PortableInvokeInput = Omit<PortableInvokeRequest, 'aip_version'> & { aip_version?: string };

/** One page of a list and its pagination state. */
export interface Page<T> {
  data: T[];
  meta: ListMeta;
}

export interface SessionListQuery {
  /** Page size, 1 to 100 (server default 20). */
  limit?: number;
  cursor?: string | undefined;
  tag?: string;
}

export interface BlockListQuery {
  type?: BlockType;
  tag?: string;
  pinned?: boolean;
  limit?: number;
  cursor?: string | undefined;
}

/** A typed stream of protocol events that ends after its terminal event. */
export type AipEventStream = AsyncGenerator<AipEvent, void, undefined>;

export interface AipClient {
  /** `POST /v1/aip/invoke` as JSON. A run that failed after starting resolves with `status: "failed"`. */
  invoke(req: HubInvokeRequest, opts?: CallOptions): Promise<Invocation>;
  /** `POST /v1/aip/invoke` as an event stream. A run failure arrives as an `error` event, not as a throw. */
  stream(req: HubInvokeRequest, opts?: CallOptions): AipEventStream;
  /** `POST /.well-known/aip/invoke` as JSON, the agent named by `X-AIP-Agent`. */
  invokePortable(agent: string, req: PortableInvokeInput, opts?: CallOptions): Promise<Invocation>;
  /** `POST /.well-known/aip/invoke` as an event stream. */
  streamPortable(agent: string, req: PortableInvokeInput, opts?: CallOptions): AipEventStream;
  /** `GET /.well-known/aip/agent`: the platform manifest, or one agent's with `agent`. */
  manifest(agent?: undefined, opts?: CallOptions): Promise<PlatformManifestDocument>;
  manifest(agent: string, opts?: CallOptions): Promise<AgentManifestDocument>;
  sessions: {
    create(req: CreateSessionRequest, opts?: CallOptions): Promise<Session>;
    get(sessionId: string, opts?: CallOptions): Promise<Session>;
    list(query?: SessionListQuery, opts?: CallOptions): Promise<Page<SessionSummary>>;
    /** Every session, following `nextCursor` page by page. */
    listAll(
      query?: Omit<SessionListQuery, 'cursor'>,
      opts?: CallOptions,
    ): AsyncGenerator<SessionSummary, void, undefined>;
    fork(sessionId: string, req?: ForkSessionRequest, opts?: CallOptions): Promise<Session>;
  };
  blocks: {
    create(req: CreateBlockRequest, opts?: CallOptions): Promise<Block>;
    list(sessionId: string, query?: BlockListQuery, opts?: CallOptions): Promise<Page<BlockSummary>>;
    /** Every block of a session, oldest first, following `nextCursor` page by page. */
    listAll(
      sessionId: string,
      query?: Omit<BlockListQuery, 'cursor'>,
      opts?: CallOptions,
    ): AsyncGenerator<BlockSummary, void, undefined>;
  };
  agents: {
    list(opts?: CallOptions): Promise<AgentSummary[]>;
  };
}

const JSON_MEDIA = 'application/json';
const SSE_MEDIA = 'text/event-stream';
const DEFAULT_TIMEOUT_MS = 120_000;

/** A client for one AIP endpoint. The key lives in a closure: the client object never exposes it. */
export function createClient(options: ClientOptions): AipClient {
  const t: Transport = {
    fetch: options.fetch ?? globalThis.fetch,
    baseUrl: options.baseUrl,
    apiKey: options.apiKey,
    headers: { ...options.headers },
    timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    redact: redactor(options.apiKey),
  };
  const json = <T>(spec: Omit<RequestSpec, 'accept'>, schema: WireSchemaName, opts?: CallOptions) =>
    requestJson(t, { ...spec, accept: JSON_MEDIA }, schema, opts) as Promise<T>;
  const data = async <T>(spec: Omit<RequestSpec, 'accept'>, schema: WireSchemaName, opts?: CallOptions) =>
    (await json<{ data: T }>(spec, schema, opts)).data;
  const portable = (agent: string, req: PortableInvokeInput, stream: boolean) => ({
    method: 'POST' as const,
    path: '/.well-known/aip/invoke',
    headers: { 'X-AIP-Agent': agent },
    body: { ...req, aip_version: req.aip_version ?? AIP_VERSION, options: { ...req.options, stream } },
  });
  const sessionPath = (id: string) => `/v1/aip/sessions/${encodeURIComponent(id)}`;

  const sessions: AipClient['sessions'] = {
    create: (req, opts) => data({ method: 'POST', path: '/v1/aip/sessions', body: req }, 'session-response', opts),
    get: (id, opts) => data({ method: 'GET', path: sessionPath(id) }, 'session-response', opts),
    list: (query = {}, opts) =>
      json<SessionListResponse>(
        { method: 'GET', path: '/v1/aip/sessions', query: { ...query } },
        'session-list-response',
        opts,
      ),
    listAll: (query = {}, opts) => paginate((cursor) => sessions.list({ ...query, cursor }, opts)),
    fork: (id, req = {}, opts) =>
      data({ method: 'POST', path: `${sessionPath(id)}/fork`, body: req }, 'session-response', opts),
  };
  const blocks: AipClient['blocks'] = {
    create: (req, opts) => data({ method: 'POST', path: '/v1/aip/blocks', body: req }, 'block-response', opts),
    list: (id, query = {}, opts) =>
      json<BlockListResponse>(
        { method: 'GET', path: `${sessionPath(id)}/blocks`, query: { ...query } as Query },
        'block-list-response',
        opts,
      ),
    listAll: (id, query = {}, opts) => paginate((cursor) => blocks.list(id, { ...query, cursor }, opts)),
  };

  return {
    invoke: (req, opts) =>
      data({ method: 'POST', path: '/v1/aip/invoke', body: { ...req, stream: false } }, 'invoke-response', opts),
    stream: (req, opts) =>
      streamEvents(
        t,
        { method: 'POST', path: '/v1/aip/invoke', body: { ...req, stream: true }, accept: SSE_MEDIA },
        opts,
      ),
    invokePortable: (agent, req, opts) => data(portable(agent, req, false), 'invoke-response', opts),
    streamPortable: (agent, req, opts) => streamEvents(t, { ...portable(agent, req, true), accept: SSE_MEDIA }, opts),
    manifest: ((agent?: string, opts?: CallOptions) =>
      agent === undefined
        ? json({ method: 'GET', path: '/.well-known/aip/agent' }, 'platform-manifest-document', opts)
        : json(
            { method: 'GET', path: '/.well-known/aip/agent', query: { agent } },
            'agent-manifest-document',
            opts,
          )) as AipClient['manifest'],
    sessions,
    blocks,
    agents: {
      list: (opts) => data({ method: 'GET', path: '/v1/aip/agents' }, 'agent-list-response', opts),
    },
  };
}

async function* paginate<T>(
  page: (cursor: string | undefined) => Promise<Page<T>>,
): AsyncGenerator<T, void, undefined> {
  const used = new Set<string>();
  let cursor: string | undefined;
  do {
    const { data, meta } = await page(cursor);
    yield* data;
    cursor = meta.hasMore ? meta.nextCursor : undefined;
    if (cursor !== undefined && used.has(cursor)) {
      throw new AipError({
        code: 'invalid_response',
        message: 'the server handed out the same list cursor twice; stopped paging to avoid a loop',
      });
    }
    if (cursor !== undefined) used.add(cursor);
  } while (cursor !== undefined);
}
