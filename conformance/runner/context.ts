/**
 * Per-run state shared by checks: the probe, what was learned about the target, and memoised
 * fixtures. Every exchange a check makes — directly or through a fixture it uses — lands in
 * that check's evidence log, so a non-pass result always shows the traffic behind it.
 */
import type { ExchangeRecord } from '../report/schema.ts';
import type { Probe, ProbeRequest } from '../probe/index.ts';
import type { CheckContext, Fixture, FixtureContext, TargetInfo } from '../types.ts';

interface Settled {
  ok: boolean;
  value?: unknown;
  error?: unknown;
  log: ExchangeRecord[];
}

export class RunState {
  private readonly memo = new Map<string, Promise<Settled>>();
  private counter = 0;

  constructor(
    readonly probe: Probe,
    readonly target: TargetInfo,
    readonly runId: string,
    readonly timeoutMs: number,
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
      send: async (req: ProbeRequest) => {
        const res = await this.probe.send(req);
        log.push(res.exchange);
        return res;
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
