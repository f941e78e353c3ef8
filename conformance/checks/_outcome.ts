/** Building check outcomes: findings accumulate, and become one pass or one violation. */
import type { Outcome } from '../types.ts';

export const pass = (message?: string): Outcome => (message ? { kind: 'pass', message } : { kind: 'pass' });

export const violation = (
  message: string,
  extra: { expected?: string; actual?: string; violated?: string[] } = {},
): Outcome => ({
  kind: 'violation',
  message,
  ...extra,
});

export const untestable = (message: string, rootCause?: string): Outcome => ({
  kind: 'untestable',
  message: `Not testable: ${message}`,
  ...(rootCause !== undefined ? { rootCause } : {}),
});

export const notApplicable = (message: string): Outcome => ({ kind: 'not_applicable', message });

const MAX_LISTED = 20;

/** Problems found by one check; `violated` names the requirement ids a problem breaks (default: all of the check's). */
export class Findings {
  readonly items: Array<{ message: string; violated?: string[] }> = [];

  add(message: string, violated?: string[]): void {
    this.items.push(violated ? { message, violated } : { message });
  }

  /** Records `message` unless `ok`; returns `ok`. */
  expect(ok: boolean, message: string, violated?: string[]): boolean {
    if (!ok) this.add(message, violated);
    return ok;
  }

  get empty(): boolean {
    return this.items.length === 0;
  }

  outcome(expected?: string, passMessage?: string): Outcome {
    if (this.items.length === 0) return pass(passMessage);
    const first = this.items[0]!;
    const more =
      this.items.length > 1 ? ` (and ${this.items.length - 1} more problem${this.items.length > 2 ? 's' : ''})` : '';
    const listed = this.items.slice(0, MAX_LISTED).map((i) => `- ${i.message}`);
    if (this.items.length > MAX_LISTED) listed.push(`- … ${this.items.length - MAX_LISTED} more`);
    const everyNamed = this.items.every((i) => i.violated);
    const violated = everyNamed ? [...new Set(this.items.flatMap((i) => i.violated!))] : undefined;
    return violation(`${first.message}${more}`, {
      ...(expected ? { expected } : {}),
      actual: listed.join('\n'),
      ...(violated ? { violated } : {}),
    });
  }
}
