import { expect } from 'vitest';
import { DeliveryError } from '../../core/ports.ts';

/** The DeliveryError a send rejected with; fails the test if it resolved or threw anything else. */
export async function deliveryFailure(promise: Promise<unknown>): Promise<DeliveryError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DeliveryError);
  return error as DeliveryError;
}
