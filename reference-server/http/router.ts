import type { ApiError } from './api-error.ts';
import type { RequestContext } from './context.ts';

/** What a handler answers: a JSON body, a request failure, or "already answered" (a stream). */
export type Reply = { kind: 'json'; status: number; body: unknown; headers?: Record<string, string> } | ApiError | { kind: 'streamed' };

export type Handler = (ctx: RequestContext) => Promise<Reply>;

export interface Endpoint {
  handler: Handler;
  /** Everything but discovery needs a key. */
  auth: boolean;
  /**
   * POST endpoints read a JSON body before the handler runs; `json-or-empty` also accepts a
   * request without a body, read as `{}` (the fork endpoint, AIP-SES-014).
   */
  body: 'json' | 'json-or-empty' | 'none';
  /** Header checks that must fail before the body is read (e.g. `X-AIP-Agent`). */
  beforeBody?: (ctx: RequestContext) => ApiError | undefined;
}

export interface Route {
  /** Path with `:name` segments, e.g. `/v1/aip/sessions/:sessionId/fork`. */
  path: string;
  methods: Partial<Record<string, Endpoint>>;
}

export type Match =
  | { kind: 'found'; endpoint: Endpoint; params: Record<string, string> }
  | { kind: 'wrong-method'; allow: string[] }
  | { kind: 'none' };

interface Compiled {
  segments: string[];
  route: Route;
}

export function createRouter(routes: readonly Route[]): (method: string, path: string) => Match {
  const compiled: Compiled[] = routes.map((route) => ({ route, segments: route.path.split('/') }));
  return (method, path) => {
    const parts = path.split('/');
    for (const { route, segments } of compiled) {
      const params = matchSegments(segments, parts);
      if (!params) continue;
      const endpoint = route.methods[method];
      if (endpoint) return { kind: 'found', endpoint, params };
      return { kind: 'wrong-method', allow: Object.keys(route.methods) };
    }
    return { kind: 'none' };
  };
}

function matchSegments(segments: readonly string[], parts: readonly string[]): Record<string, string> | undefined {
  if (segments.length !== parts.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < segments.length; i++) {
    const want = segments[i]!;
    const got = parts[i]!;
    if (want.startsWith(':')) {
      const value = decodeSegment(got);
      if (value === undefined || value === '') return undefined;
      params[want.slice(1)] = value;
    } else if (want !== got) {
      return undefined;
    }
  }
  return params;
}

function decodeSegment(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}
