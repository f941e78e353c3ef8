/** Building check outcomes: findings accumulate, and become one pass or one violation. */
import type { ExchangeRecord } from '../report/schema.ts';
import type { Outcome } from '../types.ts';

/** What produced a finding: a response (its exchange) or several, as the steps that lead to it in order. */
export type Evidence = { exchange: ExchangeRecord } | ReadonlyArray<{ exchange: ExchangeRecord }>;

const exchangesOf = (e: Evidence): ExchangeRecord[] => ('exchange' in e ? [e.exchange] : e.map((r) => r.exchange));

export const pass = (message?: string): Outcome => (message ? { kind: 'pass', message } : { kind: 'pass' });

export const violation = (
  message: string,
  extra: { expected?: string; actual?: string; violated?: string[]; exchanges?: ExchangeRecord[] } = {},
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

/**
 * Problems found by one check; `violated` names the requirement ids a problem breaks (default: all
 * of the check's), and `evidence` the exchange(s) that showed it — default: the one given to `about`.
 */
export class Findings {
  readonly items: Array<{ message: string; violated?: string[]; exchanges?: ExchangeRecord[] }> = [];
  private current?: Evidence;

  add(message: string, violated?: string[], evidence?: Evidence): void {
    const at = evidence ?? this.current;
    this.items.push({ message, ...(violated ? { violated } : {}), ...(at ? { exchanges: exchangesOf(at) } : {}) });
  }

  /** Records `message` unless `ok`; returns `ok`. */
  expect(ok: boolean, message: string, violated?: string[], evidence?: Evidence): boolean {
    if (!ok) this.add(message, violated, evidence);
    return ok;
  }

  /** Findings added while `judge` runs are about `evidence` unless they name their own. */
  about<T>(evidence: Evidence, judge: () => T): T {
    const before = this.current;
    this.current = evidence;
    try {
      return judge();
    } finally {
      this.current = before;
    }
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
      ...(first.exchanges ? { exchanges: first.exchanges } : {}),
    });
  }
}
