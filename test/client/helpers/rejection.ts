import { expect } from 'vitest';
import { AipError } from '../../../src/client/index.ts';

/** The AipError a client call rejects with; fails the test when it resolves or throws something else. */
export async function rejection(promise: Promise<unknown>): Promise<AipError> {
  const error = await promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AipError);
  return error as AipError;
}
