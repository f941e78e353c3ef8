/**
 * Preconditions that keep checks from passing on no evidence: a check that needs an invocation, a
 * platform manifest or an error answer to judge, and got none, is untestable and says where the
 * fault is reported, instead of passing because its loop had nothing to look at.
 */
import { validate } from '../../src/index.ts';
import type { ProbeResponse } from '../probe/index.ts';
import { PreconditionError } from '../types.ts';
import { dataOf, describe } from './_http.ts';

/** The Invocation of a successful JSON invoke answer, or a precondition failure naming invoke.json-response. */
export function requireInvocation(res: ProbeResponse, what: string): Record<string, unknown> {
  const data = dataOf(res);
  if (res.status !== 200 || !data || !validate('invoke-response', res.json).ok)
    throw new PreconditionError(
      `${what} is not a valid invocation answer (${describe(res)}); see invoke.json-response`,
      {
        rootCause: 'invoke.json-response',
      },
    );
  return data;
}

/** A platform manifest document valid against its schema, or a precondition failure naming manifest.platform-document. */
export function requirePlatformManifest(res: ProbeResponse): Record<string, unknown> {
  if (res.status !== 200 || !validate('platform-manifest-document', res.json).ok)
    throw new PreconditionError(
      `the platform manifest is not a valid platform manifest document (${describe(res)}); see manifest.platform-document`,
      { rootCause: 'manifest.platform-document' },
    );
  return res.json as Record<string, unknown>;
}

/** At least one answer with an error status among `answers`, or a precondition failure. */
export function requireErrorAnswers<T extends { res: ProbeResponse }>(answers: T[]): T[] {
  const errors = answers.filter((a) => (a.res.status ?? 0) >= 400);
  if (errors.length === 0)
    throw new PreconditionError(
      `none of ${answers.length} faulty requests got an error answer, so there is no error to judge; see http.wrong-media-type-rejected and the other fault checks`,
    );
  return errors;
}
