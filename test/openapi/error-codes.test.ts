/**
 * Error responses in spec/openapi.yaml agree with the ERROR_CODES catalogue: each lists its codes
 * (`x-aip-error-codes`) with the catalogue status, shows an example per code, and every code that
 * has an HTTP status is documented on at least one operation with that status. Each test lists
 * every violation at once.
 */
import { describe, expect, it } from 'vitest';
import { ERROR_CODES, type ErrorCode } from '../../src/protocol/errors.ts';
import { BUNDLE_FILE } from '../../src/validate/index.ts';
import { deref, operations, responses, type Response } from './document-walk.ts';

const ENVELOPE = `../schemas/${BUNDLE_FILE}#/$defs/ErrorEnvelope`;

const errorResponses: Response[] = operations()
  .flatMap(responses)
  .filter((r) => Number(r.status) >= 400);

function codesOf(r: Response): string[] {
  const codes = r.response['x-aip-error-codes'];
  return Array.isArray(codes) ? codes.map(String) : [];
}

function exampleCodes(r: Response): string[] {
  const media = deref((r.response.content as Record<string, unknown>)['application/json']);
  const examples = Object.values((media.examples ?? {}) as Record<string, unknown>).map(deref);
  return examples.map((e) => String((e.value as { error: { code: unknown } }).error.code));
}

describe('error responses', () => {
  it('exist', () => {
    expect(errorResponses.length).toBeGreaterThan(0);
  });

  it('each list catalogue codes of their status, each with an example, and have the error envelope as JSON body', () => {
    const wrong = errorResponses.flatMap((r) => {
      const codes = codesOf(r);
      if (codes.length === 0) return [`${r.where}: x-aip-error-codes is missing or empty`];
      const found: string[] = [];
      for (const code of codes) {
        if (!(code in ERROR_CODES)) found.push(`${r.where}: ${code} is not in the catalogue`);
        else if (ERROR_CODES[code as ErrorCode].status !== Number(r.status))
          found.push(`${r.where}: ${code} carries another status`);
      }
      const examples = [...new Set(exampleCodes(r))].sort();
      if (examples.join() !== [...new Set(codes)].sort().join())
        found.push(`${r.where}: examples show ${examples.join(', ')}, codes are ${codes.join(', ')}`);
      const media = deref((r.response.content as Record<string, unknown>)['application/json']);
      if ((media.schema as { $ref?: string })?.$ref !== ENVELOPE)
        found.push(`${r.where}: body is ${JSON.stringify(media.schema)}`);
      return found;
    });
    expect(wrong).toEqual([]);
  });
});

describe('the ERROR_CODES catalogue', () => {
  it('documents every code with an HTTP status on at least one operation, always with that status', () => {
    const wrong = Object.entries(ERROR_CODES)
      .filter(([, entry]) => entry.status !== null)
      .flatMap(([code, entry]) => {
        const carriers = errorResponses.filter((r) => codesOf(r).includes(code));
        if (carriers.length === 0) return [`${code} is documented nowhere`];
        return carriers.filter((r) => Number(r.status) !== entry.status).map((r) => `${code} at ${r.where}`);
      });
    expect(wrong).toEqual([]);
  });

  it('never puts a code without HTTP status (stream-only) on an HTTP error response', () => {
    const streamOnly = Object.entries(ERROR_CODES).filter(([, entry]) => entry.status === null);
    expect(streamOnly.length).toBeGreaterThan(0);
    const wrong = streamOnly.flatMap(([code]) =>
      errorResponses.filter((r) => codesOf(r).includes(code)).map((r) => `${code} at ${r.where}`),
    );
    expect(wrong).toEqual([]);
  });
});

describe('responses every operation shares', () => {
  it('every operation answers 405, 429, 500 and 503, 401 unless it is the manifest, and 400, 413, 415 with a body', () => {
    const wrong = operations().flatMap((op) => {
      const where = `${op.method.toUpperCase()} ${op.path}`;
      const statuses = responses(op).map((r) => r.status);
      const authenticated = !(Array.isArray(op.operation.security) && op.operation.security.length === 0);
      const expected = ['405', '429', '500', '503'];
      if (authenticated) expected.push('401');
      if (op.operation.requestBody) expected.push('400', '413', '415');
      const found = expected.filter((s) => !statuses.includes(s)).map((s) => `${where}: no ${s}`);
      if (authenticated !== (op.path !== '/.well-known/aip/agent')) found.push(`${where}: wrong security`);
      if (!authenticated && statuses.includes('401')) found.push(`${where}: 401 without authentication`);
      return found;
    });
    expect(wrong).toEqual([]);
  });
});
