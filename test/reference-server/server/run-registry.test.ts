import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RunControl, RunRegistry } from '../../../reference-server/invoke/run-control.ts';

describe('RunRegistry', () => {
  it('holds exactly the runs a Set would, whatever the order of adds and deletes', () => {
    const op = fc.record({ add: fc.boolean(), run: fc.nat({ max: 7 }) });
    fc.assert(
      fc.property(fc.array(op, { maxLength: 60 }), (ops) => {
        const runs = Array.from({ length: 8 }, () => new RunControl());
        const registry = new RunRegistry();
        const model = new Set<RunControl>();
        for (const { add, run } of ops) {
          if (add) {
            registry.add(runs[run]!);
            model.add(runs[run]!);
          } else {
            registry.delete(runs[run]!);
            model.delete(runs[run]!);
          }
          expect(new Set(registry)).toEqual(model);
          expect([...registry]).toHaveLength(model.size);
        }
      }),
      { seed: 20261129, numRuns: 300 },
    );
  });

  it('ignores a run it does not hold, even one held by another registry', () => {
    const [a, b] = [new RunRegistry(), new RunRegistry()];
    const [x, y] = [new RunControl(), new RunControl()];
    a.add(x);
    b.add(y);
    a.delete(y);
    expect([...a]).toEqual([x]);
    expect([...b]).toEqual([y]);
  });

  it('can be walked while the runs it yields leave', () => {
    const registry = new RunRegistry();
    const runs = [new RunControl(), new RunControl(), new RunControl()];
    for (const r of runs) registry.add(r);
    const seen: RunControl[] = [];
    for (const r of registry) {
      seen.push(r);
      registry.delete(r);
    }
    expect(seen).toEqual(runs);
    expect([...registry]).toEqual([]);
  });
});
