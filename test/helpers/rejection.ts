/** The PhareError a promise rejects with; fails the test when it resolves or throws something else. */
import { expect } from 'vitest';
import { PhareError } from '../../src-shared/errors';

export async function rejection(promise: Promise<unknown>): Promise<PhareError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(PhareError);
  return error as PhareError;
}
