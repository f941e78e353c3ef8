import { randomText } from '../http/random-pool.ts';

/** `inv_` + 128 random bits in base64url, like the store's ids. */
export function newInvocationId(): string {
  return `inv_${randomText(16, 'base64url')}`;
}
