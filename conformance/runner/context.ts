/**
 * Per-run state shared by checks: the probe, what was learned about the target, and memoised
 * fixtures. Every exchange a check makes — directly or through a fixture it uses — lands in
 * that check's evidence log, so a non-pass result always shows the traffic behind it.
 */
import type { ExchangeRecord, NetworkEvent } from '../report/schema.ts';
import type { Probe, ProbeRequest } from '../probe/index.ts';
import type { CheckContext, Fixture, FixtureContext, TargetInfo } from '../types.ts';
import { sendWithPolicy, type NetworkPolicy } from './network.ts';

/** At most this many retries and waits are listed in a report. */
const MAX_NETWORK_EVENTS = 50;

interface Settled {
  ok: boolean;
  value?: unknown;
  error?: unknown;
  log: ExchangeRecord[];
}

export class RunState {
  private readonly memo = new Map<string, Promise<Settled>>();
  private counter = 0;
  /** Retries and Retry-After waits of the whole run (bounded), for the report. */
  readonly network: NetworkEvent[] = [];

  constructor(
    readonly probe: Probe,
    readonly target: TargetInfo,
    readonly runId: string,
    readonly timeoutMs: number,
    private readonly policy: NetworkPolicy = { maxRetryAfterMs: 0 },
  ) {}

  unique(purpose: string): string {
    return `aip-conformance ${this.runId} ${purpose} ${++this.counter}`;
  }

  context(log: ExchangeRecord[]): CheckContext {
    const ctx: FixtureContext = {
      runId: this.runId,
      target: this.target,
      unique: (purpose) => this.unique(purpose),
      containsKey: (text) => this.probe.redact(text) !== text,
      send: (req: ProbeRequest) => {
        const sent = sendWithPolicy(
          (r) => this.probe.send(r),
          req,
          this.policy,
          (res) => log.push(res.exchange),
          (event) => {
            if (this.network.length < MAX_NETWORK_EVENTS) this.network.push(event);
          },
        );
        // Checks may start several sends and await them one by one; a transport fault in a later one
        // must reach the check when it awaits it, not crash the process as an unhandled rejection first.
        sent.catch(() => {});
        return sent;
      },
      use: async <T>(fixture: Fixture<T>) => {
        const settled = await this.settle(fixture);
        for (const ex of settled.log) if (!log.includes(ex)) log.push(ex);
        if (!settled.ok) throw settled.error;
        return settled.value as T;
      },
    };
    return { ...ctx, timeoutMs: this.timeoutMs };
  }

  private settle(fixture: Fixture<unknown>): Promise<Settled> {
    let p = this.memo.get(fixture.name);
    if (!p) {
      const log: ExchangeRecord[] = [];
      p = fixture.create(this.context(log)).then(
        (value) => ({ ok: true, value, log }),
        (error: unknown) => ({ ok: false, error, log }),
      );
      this.memo.set(fixture.name, p);
    }
    return p;
  }
}
