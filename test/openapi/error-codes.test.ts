/**
 * Error responses in spec/openapi.yaml agree with the ERROR_CODES catalogue: each lists its codes
 * (`x-aip-error-codes`) with the catalogue status, shows an example per code, and every code that
 * has an HTTP status is documented on at least one operation with that status.
 */
import { describe, expect, it } from 'vitest';
import { ERROR_CODES, type ErrorCode } from '../../src/protocol/errors.ts';
import { deref, operations, responses, type Response } from './document-walk.ts';

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

  it.each(errorResponses)('$where lists catalogue codes of its status, each with an example', (r) => {
    const codes = codesOf(r);
    expect(codes, 'x-aip-error-codes is missing or empty').not.toEqual([]);
    for (const code of codes) {
      expect(Object.keys(ERROR_CODES), `${code} is not in the catalogue`).toContain(code);
      expect(ERROR_CODES[code as ErrorCode].status, `${code} carries another status`).toBe(Number(r.status));
    }
    expect(new Set(exampleCodes(r))).toEqual(new Set(codes));
  });

  it.each(errorResponses)('$where has the error envelope as its JSON body', (r) => {
    const media = deref((r.response.content as Record<string, unknown>)['application/json']);
    expect(media.schema).toEqual({ $ref: '../schemas/error-envelope.json' });
  });
});

describe('the ERROR_CODES catalogue', () => {
  const withStatus = Object.entries(ERROR_CODES).filter(([, entry]) => entry.status !== null);
  const streamOnly = Object.entries(ERROR_CODES).filter(([, entry]) => entry.status === null);

  it.each(withStatus)('%s appears on at least one operation with its status', (code, entry) => {
    const carriers = errorResponses.filter((r) => codesOf(r).includes(code));
    expect(
      carriers.map((r) => r.where),
      `${code} is documented nowhere`,
    ).not.toEqual([]);
    expect(carriers.every((r) => Number(r.status) === entry.status)).toBe(true);
  });

  it.each(streamOnly)('%s (no HTTP status) is never an HTTP error response', (code) => {
    expect(errorResponses.filter((r) => codesOf(r).includes(code)).map((r) => r.where)).toEqual([]);
  });
});

describe('responses every operation shares', () => {
  it.each(operations())('$method $path answers 405, 429, 500 and 503, and 401 unless it is the manifest', (op) => {
    const statuses = responses(op).map((r) => r.status);
    const authenticated = !(Array.isArray(op.operation.security) && op.operation.security.length === 0);
    expect(authenticated).toBe(op.path !== '/.well-known/aip/agent');
    expect(statuses).toEqual(expect.arrayContaining(['405', '429', '500', '503', ...(authenticated ? ['401'] : [])]));
    if (!authenticated) expect(statuses).not.toContain('401');
    if (op.operation.requestBody) expect(statuses).toEqual(expect.arrayContaining(['400', '413', '415']));
  });
});
