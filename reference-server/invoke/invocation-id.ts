import { randomUUID } from 'node:crypto';

/** `inv_` + a random UUID's 32 hex digits (122 random bits). */
export function newInvocationId(): string {
  return `inv_${randomUUID().replaceAll('-', '')}`;
}
