/**
 * The declared cost of a run (conformance/invocations.json) against what a run against the
 * reference server really sends: every check, fixture and use the run shows must be declared, at
 * no lower a count. Regenerate the table with UPDATE_INVOCATIONS=1 when checks change.
 */
import { writeFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { CHECKS, runConformance, type Check, type FixtureContext } from '../../conformance/index.ts';
import { INVOCATIONS, invocationsOfRun, isInvocation, type InvocationTable } from '../../conformance/runner/cost.ts';

const seen: InvocationTable = { checks: {}, fixtures: {}, uses: {} };
const fixtureUses = new Map<string, Set<string>>();
let sentInTotal = 0;

function counting<C extends FixtureContext>(
  ctx: C,
  owner: string,
  tally: Record<string, number>,
  uses: Set<string>,
): C {
  return {
    ...ctx,
    send: (req) => {
      if (isInvocation(req.method, req.path)) {
        tally[owner] = (tally[owner] ?? 0) + 1;
        sentInTotal++;
      }
      return ctx.send(req);
    },
    use: (fixture) => {
      uses.add(fixture.name);
      return ctx.use({
        name: fixture.name,
        create: (fctx) => {
          const inner = fixtureUses.get(fixture.name) ?? new Set<string>();
          fixtureUses.set(fixture.name, inner);
          seen.fixtures[fixture.name] ??= 0;
          return fixture.create(counting(fctx, fixture.name, seen.fixtures, inner));
        },
      });
    },
  };
}

function closure(direct: Set<string>): string[] {
  const all = new Set<string>();
  const visit = (name: string) => {
    if (all.has(name)) return;
    all.add(name);
    for (const next of fixtureUses.get(name) ?? []) visit(next);
  };
  for (const name of direct) visit(name);
  return [...all].sort();
}

beforeAll(async () => {
  const direct = new Map<string, Set<string>>();
  const checks: Check[] = CHECKS.map((check) => ({
    ...check,
    run: (ctx) => {
      const uses = new Set<string>();
      direct.set(check.id, uses);
      seen.checks[check.id] ??= 0;
      return check.run(counting(ctx, check.id, seen.checks, uses));
    },
  }));
  await runConformance({ checks });
  for (const [id, uses] of direct) if (uses.size > 0) seen.uses[id] = closure(uses);
  if (process.env.UPDATE_INVOCATIONS) {
    // A check that does not apply to the reference server keeps its hand-written count (default 1).
    for (const c of CHECKS) seen.checks[c.id] ??= INVOCATIONS.checks[c.id] ?? 1;
    const file = new URL('../../conformance/invocations.json', import.meta.url);
    const $comment =
      'Agent invocations a check sends itself (checks), a shared fixture sends once per run (fixtures), and the fixtures each check uses (uses): the cost a run declares before it starts (aip-conformance list, --max-invocations). Regenerate with UPDATE_INVOCATIONS=1 npx vitest run test/conformance/invocations.test.ts.';
    const checks = Object.fromEntries(CHECKS.map((c) => [c.id, seen.checks[c.id]]));
    writeFileSync(file, `${JSON.stringify({ $comment, checks, fixtures: seen.fixtures, uses: seen.uses }, null, 2)}\n`);
  }
}, 60_000);

describe('the declared cost of a run', () => {
  it('declares every check of the catalogue', () => {
    expect(CHECKS.map((c) => c.id).filter((id) => INVOCATIONS.checks[id] === undefined)).toEqual([]);
  });

  it('declares at least the invocations each check and fixture sent, and every fixture a check used', () => {
    const under = [
      ...Object.entries(seen.checks).filter(([id, n]) => (INVOCATIONS.checks[id] ?? -1) < n),
      ...Object.entries(seen.fixtures).filter(([name, n]) => (INVOCATIONS.fixtures[name] ?? -1) < n),
    ].map(([name, n]) => `${name} sent ${n}`);
    const undeclaredUses = Object.entries(seen.uses).flatMap(([id, uses]) =>
      uses.filter((u) => !INVOCATIONS.uses[id]?.includes(u)).map((u) => `${id} uses ${u}`),
    );
    expect([...under, ...undeclaredUses], 'regenerate with UPDATE_INVOCATIONS=1').toEqual([]);
  });

  it('sums to no less than the run sent, and counts a shared fixture once', () => {
    const declared = invocationsOfRun(CHECKS);
    expect(declared).toBeGreaterThanOrEqual(sentInTotal);
    const ownSum = Object.values(INVOCATIONS.checks).reduce((a, b) => a + b, 0);
    const fixtureSum = Object.values(INVOCATIONS.fixtures).reduce((a, b) => a + b, 0);
    expect(declared).toBeLessThanOrEqual(ownSum + fixtureSum);
  });
});
