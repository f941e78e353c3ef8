/** Request builders and response readers shared by checks. */
import { AIP_VERSION } from '../../src/index.ts';
import type { ProbeRequest, ProbeResponse } from '../probe/index.ts';
import { PreconditionError, type FixtureContext } from '../types.ts';

export const PORTABLE_INVOKE = '/.well-known/aip/invoke';
export const HUB_INVOKE = '/v1/aip/invoke';
export const MANIFEST = '/.well-known/aip/agent';
export const SESSIONS = '/v1/aip/sessions';
export const BLOCKS = '/v1/aip/blocks';
export const AGENTS = '/v1/aip/agents';

export const PROMPT = 'AIP conformance probe: answer briefly.';

/** A slug and ids that no target will have. */
export const NO_SUCH_AGENT = 'aip-conformance-no-such-agent';
export const NO_SUCH_SESSION = 'sess_aipConformanceNoSuchSession0';
export const NO_SUCH_BLOCK = 'blk_aipConformanceNoSuchBlock0';
export const INVALID_KEY = 'aip-conformance-invalid-key';

export function agentOf(ctx: FixtureContext): string {
  if (!ctx.target.agent) throw new PreconditionError(`no agent to invoke: ${ctx.target.agentReason}`);
  return ctx.target.agent;
}

export function portableBody(
  extra: { content?: Record<string, unknown>; options?: Record<string, unknown> } = {},
): Record<string, unknown> {
  return {
    aip_version: AIP_VERSION,
    prompt: { content: PROMPT },
    ...(extra.content ? { context: extra.content } : {}),
    ...(extra.options ? { options: extra.options } : {}),
  };
}

export function portableInvoke(
  ctx: FixtureContext,
  body: unknown,
  opts: {
    agent?: string | null;
    headers?: Record<string, string>;
    label?: string;
    auth?: ProbeRequest['auth'];
    disconnectWhen?: ProbeRequest['disconnectWhen'];
  } = {},
): Promise<ProbeResponse> {
  const agent = opts.agent === undefined ? agentOf(ctx) : opts.agent;
  return ctx.send({
    method: 'POST',
    path: PORTABLE_INVOKE,
    headers: { ...(agent === null ? {} : { 'X-AIP-Agent': agent }), ...opts.headers },
    json: body,
    label: opts.label,
    auth: opts.auth,
    disconnectWhen: opts.disconnectWhen,
  });
}

export function hubBody(ctx: FixtureContext, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { agent: agentOf(ctx), prompt: PROMPT, ...extra };
}

export function hubInvoke(
  ctx: FixtureContext,
  body: unknown,
  opts: {
    headers?: Record<string, string>;
    label?: string;
    auth?: ProbeRequest['auth'];
    disconnectWhen?: ProbeRequest['disconnectWhen'];
  } = {},
): Promise<ProbeResponse> {
  return ctx.send({ method: 'POST', path: HUB_INVOKE, json: body, ...opts });
}

export const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

export function mediaType(res: ProbeResponse): string {
  return (res.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
}

export function isJsonResponse(res: ProbeResponse): boolean {
  return mediaType(res) === 'application/json';
}

export function isStreamResponse(res: ProbeResponse): boolean {
  return mediaType(res) === 'text/event-stream';
}

/** `data` of a `{ "data": … }` envelope, if the body is one. */
export function dataOf(res: ProbeResponse): Record<string, unknown> | undefined {
  return isObject(res.json) && isObject(res.json.data) ? res.json.data : undefined;
}

export function errorOf(res: ProbeResponse): Record<string, unknown> | undefined {
  return isObject(res.json) && isObject(res.json.error) ? res.json.error : undefined;
}

const clip = (s: string, n = 300) => (s.length > n ? `${s.slice(0, n)}… (${s.length} chars)` : s);

/** One line describing what came back, for `actual`. */
export function describe(res: ProbeResponse): string {
  if (res.status === undefined) return `no response: ${res.failure?.message ?? 'unknown failure'}`;
  const ct = res.headers['content-type'] ?? '(no Content-Type)';
  if (res.stream) {
    const names = res.stream.events
      .slice(0, 12)
      .map((e) => e.type)
      .join(', ');
    return `HTTP ${res.status}, ${ct}, events: [${names}${res.stream.events.length > 12 ? ', …' : ''}]${res.failure ? `; ${res.failure.message}` : ''}`;
  }
  const body = res.body.length === 0 ? '(empty body)' : clip(res.text.replace(/\s+/g, ' '));
  return `HTTP ${res.status}, ${ct}, ${body}${res.failure ? `; ${res.failure.message}` : ''}`;
}

/** Requires a successful JSON answer; otherwise the check that needed it cannot proceed. */
export function requireData(res: ProbeResponse, what: string, status = 200): Record<string, unknown> {
  const data = dataOf(res);
  if (res.status !== status || !data)
    throw new PreconditionError(
      `${what} did not succeed (expected HTTP ${status} with {"data": …}; got ${describe(res)})`,
    );
  return data;
}

/** True when `a` and `b` are equal pointers or one is an ancestor of the other. */
export function pointersRelated(a: string, b: string): boolean {
  return a === b || a.startsWith(`${b}/`) || b.startsWith(`${a}/`) || a === '' || b === '';
}

export const isJsonPointer = (s: string) => s === '' || /^(\/([^~/]|~[01])*)+$/.test(s);

/** A portable invoke with a raw body and an explicit Content-Type (null: none). */
export function rawPortable(
  ctx: FixtureContext,
  body: string | Buffer,
  contentType: string | null,
  opts: { label?: string; auth?: ProbeRequest['auth']; bodyShell?: string; agent?: string } = {},
): ProbeRequest {
  return {
    method: 'POST',
    path: PORTABLE_INVOKE,
    headers: {
      'X-AIP-Agent': opts.agent ?? ctx.target.agent ?? NO_SUCH_AGENT,
      ...(contentType === null ? {} : { 'Content-Type': contentType }),
    },
    body,
    ...(opts.label ? { label: opts.label } : {}),
    ...(opts.auth ? { auth: opts.auth } : {}),
    ...(opts.bodyShell ? { bodyShell: opts.bodyShell } : {}),
  };
}

/**
 * A valid portable body padded with an ignored member to exactly `bytes` bytes, and the shell
 * pipeline that rebuilds it for the curl reproducer.
 */
export function paddedBody(
  bytes: number,
  prefix = `{"aip_version":"${AIP_VERSION}","prompt":{"content":"${PROMPT}"},"x_padding":"`,
): { body: Buffer; shell: string } {
  const suffix = '"}';
  const pad = Math.max(0, bytes - Buffer.byteLength(prefix) - suffix.length);
  const body = Buffer.concat([Buffer.from(prefix), Buffer.alloc(pad, 'x'), Buffer.from(suffix)]);
  const shell = `{ printf '%s' '${prefix.replace(/'/g, `'\\''`)}'; head -c ${pad} /dev/zero | tr '\\0' x; printf '%s' '${suffix}'; }`;
  return { body, shell };
}
