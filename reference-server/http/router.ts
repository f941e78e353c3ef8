import type { ApiError } from '../api-error.ts';
import type { RequestContext } from './context.ts';

/** What a handler answers: a JSON body, a request failure, or "already answered" (a stream). */
export type Reply =
  | { kind: 'json'; status: number; body: unknown; headers?: Record<string, string> }
  | ApiError
  | { kind: 'streamed' };

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

const NO_PARAMS: Record<string, string> = Object.freeze({});

/** Paths without `:name` segments are found by one map lookup; the others are matched in order. */
export function createRouter(routes: readonly Route[]): (method: string, path: string) => Match {
  const fixed = new Map<string, Route>();
  const parameterised: Compiled[] = [];
  for (const route of routes) {
    if (route.path.includes('/:')) parameterised.push({ route, segments: route.path.split('/') });
    else if (!fixed.has(route.path)) fixed.set(route.path, route);
  }
  const found = (route: Route, method: string, params: Record<string, string>): Match => {
    const endpoint = route.methods[method];
    return endpoint ? { kind: 'found', endpoint, params } : { kind: 'wrong-method', allow: Object.keys(route.methods) };
  };
  return (method, path) => {
    const route = fixed.get(path);
    if (route) return found(route, method, NO_PARAMS);
    const parts = path.split('/');
    for (const { route, segments } of parameterised) {
      const params = matchSegments(segments, parts);
      if (params) return found(route, method, params);
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
