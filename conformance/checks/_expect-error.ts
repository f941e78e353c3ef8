/**
 * The shape of an expected error answer, and the check factory for "send this faulty request,
 * expect that status and code". Most negative checks of the kit are rows of this table.
 */
import type { ProbeRequest, ProbeResponse } from '../probe/index.ts';
import type { CheckContext, CheckSpec, Profile, TargetInfo } from '../types.ts';
import { Findings } from './_outcome.ts';
import { describe, errorOf, isJsonPointer, isStreamResponse, pointersRelated } from './_http.ts';

export interface ErrorExpectation {
  status: number;
  code: string;
  /**
   * `field` the answer must carry: an exact value, `{ related: p }` (p, an ancestor or a
   * descendant of p — used where the spec names no exact pointer), or `{ within: p }` (p or below it).
   */
  field?: string | { related: string } | { within: string };
}

export function expectedText(e: ErrorExpectation): string {
  const f =
    e.field === undefined
      ? ''
      : typeof e.field === 'string'
        ? `, field "${e.field}"`
        : 'related' in e.field
          ? `, field naming "${e.field.related}"`
          : `, field inside "${e.field.within}"`;
  return `HTTP ${e.status} with a JSON error envelope, code "${e.code}"${f}`;
}

/** Adds a finding for every way `res` differs from the expected error answer; each finding carries `res`. */
export function checkError(
  f: Findings,
  res: ProbeResponse,
  e: ErrorExpectation,
  label = 'the answer',
  violated?: string[],
): void {
  f.about(res, () => judgeError(f, res, e, label, violated));
}

function judgeError(f: Findings, res: ProbeResponse, e: ErrorExpectation, label: string, violated?: string[]): void {
  if (res.status === undefined) {
    f.add(`${label}: no response (${res.failure?.message ?? 'unknown'})`, violated);
    return;
  }
  if (isStreamResponse(res)) {
    f.add(
      `${label}: a request failure was answered with an event stream (HTTP ${res.status}) instead of an HTTP ${e.status} JSON error`,
      violated,
    );
    return;
  }
  f.expect(res.status === e.status, `${label}: HTTP ${res.status} instead of ${e.status}`, violated);
  const err = errorOf(res);
  if (!err) {
    f.add(`${label}: the body is not a JSON error envelope {"error": {…}} (${describe(res)})`, violated);
    return;
  }
  f.expect(err.code === e.code, `${label}: error.code ${JSON.stringify(err.code)} instead of "${e.code}"`, violated);
  if (e.field === undefined) return;
  const field = err.field;
  if (typeof field !== 'string') {
    f.add(
      `${label}: error.field is missing (expected ${typeof e.field === 'string' ? `"${e.field}"` : 'a pointer to the offending member'})`,
      violated,
    );
    return;
  }
  if (typeof e.field === 'string')
    f.expect(field === e.field, `${label}: error.field "${field}" instead of "${e.field}"`, violated);
  else if ('related' in e.field) {
    const want = e.field.related;
    f.expect(
      isJsonPointer(field) && pointersRelated(field, want),
      `${label}: error.field "${field}" does not point at the offending member "${want}" (nor at an enclosing one)`,
      violated,
    );
  } else {
    const within = e.field.within;
    f.expect(
      field === within || field.startsWith(`${within}/`),
      `${label}: error.field "${field}" is not inside "${within}"`,
      violated,
    );
  }
}

export interface ErrorCase {
  id: string;
  title: string;
  requirements: string[];
  profile: Profile;
  action: string;
  applies?: (t: TargetInfo) => string | undefined;
  request: (ctx: CheckContext) => ProbeRequest | Promise<ProbeRequest>;
  expect: ErrorExpectation | ((ctx: CheckContext) => ErrorExpectation);
}

export function errorCheck(c: ErrorCase): CheckSpec {
  return {
    id: c.id,
    title: c.title,
    requirements: c.requirements,
    profile: c.profile,
    action: c.action,
    ...(c.applies ? { applies: c.applies } : {}),
    async run(ctx) {
      const expectation = typeof c.expect === 'function' ? c.expect(ctx) : c.expect;
      const res = await ctx.send(await c.request(ctx));
      const f = new Findings();
      checkError(f, res, expectation);
      return f.outcome(expectedText(expectation));
    },
  };
}
