/** §5 Errors: envelope, catalogue statuses and codes, `field`, `requestId`, `retryable`. */
import { relay } from '../proxy.ts';
import { editEvents, wantsJson, wantsStream } from '../helpers.ts';
import type { Mutant } from '../types.ts';

type ErrorEdit = (error: Record<string, any>) => void;

/** Edits `error` inside every error envelope, keeping status and headers. */
function editError(change: ErrorEdit): Mutant['error'] {
  return (res) => {
    if (!res.json?.error) return undefined;
    const error = { ...res.json.error };
    change(error);
    return { ...relay(res), body: { error } };
  };
}

export const ERR_MUTANTS: Mutant[] = [
  {
    name: 'err-internal-error-not-retryable',
    fault: 'Marks an internal_error inside a stream as not retryable.',
    expect: { requirements: ['AIP-ERR-007'], verdict: 'warn' },
    when: wantsStream,
    stream: editEvents({
      error: (d) => (d.error?.code === 'internal_error' ? { ...d, error: { ...d.error, retryable: false } } : d),
    }),
  },
  {
    name: 'err-text-plain',
    fault: 'Sends error bodies labelled text/plain.',
    expect: { requirements: ['AIP-ERR-001'], verdict: 'fail' },
    head: (head) =>
      head.status >= 400
        ? { ...head, headers: { ...head.headers, 'content-type': 'text/plain; charset=utf-8' } }
        : head,
  },
  {
    name: 'err-unwrapped',
    fault: 'Sends the error object without the `{ "error": … }` envelope.',
    expect: { requirements: ['AIP-ERR-001'], verdict: 'fail' },
    error: (res) => (res.json?.error ? { ...relay(res), body: res.json.error } : undefined),
  },
  {
    name: 'err-404-as-410',
    fault: 'Answers every not-found error with status 410 instead of the catalogue\u2019s 404.',
    expect: { requirements: ['AIP-ERR-002'], verdict: 'fail' },
    error: (res) => (res.status === 404 ? { ...relay(res), status: 410 } : undefined),
  },
  {
    name: 'err-generic-not-found',
    fault: 'Uses the generic `not_found` code where the catalogue has a specific one (agent, session, block).',
    expect: { requirements: ['AIP-ERR-003'], verdict: 'fail' },
    error: editError((e) => {
      if (['agent_not_found', 'session_not_found', 'block_not_found'].includes(e.code)) e.code = 'not_found';
    }),
  },
  {
    name: 'err-no-field',
    fault: 'Leaves `field` out of invalid_request errors.',
    expect: { requirements: ['AIP-ERR-005'], verdict: 'fail' },
    error: editError((e) => {
      if (e.code === 'invalid_request') delete e.field;
    }),
  },
  {
    name: 'err-field-not-pointer',
    fault: 'Names the offending member by its bare name (`prompt`) instead of a JSON Pointer.',
    expect: { requirements: ['AIP-ERR-005'], verdict: 'fail' },
    error: editError((e) => {
      if (e.code === 'invalid_request' && typeof e.field === 'string')
        e.field = e.field.replace(/^\//, '').replace(/\//g, '.') || 'body';
    }),
  },
  {
    name: 'err-request-id-mismatch',
    fault: 'Puts a `requestId` in the error body that differs from the X-Request-Id header.',
    expect: { requirements: ['AIP-ERR-006'], verdict: 'fail' },
    error: editError((e) => {
      e.requestId = 'req_somethingelse';
    }),
  },
  {
    name: 'err-no-retryable',
    fault: 'Never says whether an error is retryable.',
    expect: { requirements: ['AIP-ERR-007'], verdict: 'warn' },
    error: editError((e) => {
      delete e.retryable;
    }),
  },
  {
    name: 'err-agent-error-as-http-500',
    fault: 'Answers a run that failed after it started with HTTP 500 `agent_error` instead of a 200 failed invocation.',
    expect: { requirements: ['AIP-ERR-008', 'AIP-INV-022'], verdict: 'fail' },
    when: wantsJson,
    respond: async (req, ctx) => {
      const res = await ctx.forward(req);
      const data = (res.json as { data?: { status?: string; error?: unknown } } | undefined)?.data;
      if (res.status !== 200 || data?.status !== 'failed') return relay(res);
      return { status: 500, headers: res.headers, body: { error: data.error } };
    },
  },
];
