/**
 * The runner with hand-made checks against a fake target: verdicts derive from registry levels,
 * harness exceptions and failed preconditions are reported (never dropped), fixtures are shared,
 * applicability is loud, selection and concurrency behave.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  exitCodeOf,
  PreconditionError,
  runConformance,
  type Check,
  type Fixture,
  type RunOptions,
} from '../../conformance/index.ts';
import { fakeTarget, manifest, serve, type Running } from './_servers.ts';

const MUST = 'AIP-MAN-005';
const SHOULD = 'AIP-STR-002';
const MAY = 'AIP-STR-006';

let target: Running;
beforeAll(async () => {
  target = await serve(fakeTarget(manifest(), (_req, res) => res.writeHead(404).end()));
});
afterAll(() => target.close());

const base = (over: Partial<Check>): Check => ({
  id: 'kit.sample',
  title: 'sample',
  section: '6',
  requirements: [MUST],
  profile: 'core',
  action: 'nothing',
  run: async () => ({ kind: 'pass' }),
  ...over,
});

const run = (checks: Check[], extra: Partial<RunOptions> = {}) =>
  runConformance({ url: target.url, apiKey: 'aipk_runner_test_key', checks, ...extra });

describe('verdicts', () => {
  const CASES: Array<{ name: string; check: Partial<Check>; verdict: string; level: string }> = [
    { name: 'a passing MUST check passes', check: {}, verdict: 'pass', level: 'MUST' },
    {
      name: 'a violated MUST fails',
      check: { run: async () => ({ kind: 'violation', message: 'bad' }) },
      verdict: 'fail',
      level: 'MUST',
    },
    {
      name: 'a violated SHOULD warns',
      check: { requirements: [SHOULD], run: async () => ({ kind: 'violation', message: 'meh' }) },
      verdict: 'warn',
      level: 'SHOULD',
    },
    {
      name: 'a violated MAY warns',
      check: { requirements: [MAY], run: async () => ({ kind: 'violation', message: 'meh' }) },
      verdict: 'warn',
      level: 'MAY',
    },
    {
      name: 'a violation naming only the SHOULD of a mixed check warns',
      check: {
        requirements: [MUST, SHOULD],
        run: async () => ({ kind: 'violation', message: 'meh', violated: [SHOULD] }),
      },
      verdict: 'warn',
      level: 'MUST',
    },
    {
      name: 'a thrown exception is a harness error',
      check: {
        run: async () => {
          throw new Error('kit bug');
        },
      },
      verdict: 'error',
      level: 'MUST',
    },
    {
      name: 'a failed precondition is untestable',
      check: {
        run: async () => {
          throw new PreconditionError('no session');
        },
      },
      verdict: 'untestable',
      level: 'MUST',
    },
    {
      name: 'a hub check on a core-only target is not applicable',
      check: { profile: 'hub' },
      verdict: 'not_applicable',
      level: 'MUST',
    },
    {
      name: 'an applies() reason makes it not applicable',
      check: { applies: () => 'no such agent' },
      verdict: 'not_applicable',
      level: 'MUST',
    },
  ];

  it.each(CASES)('$name', async ({ check, verdict, level }) => {
    const report = await run([base(check)]);
    const r = report.results[0]!;
    expect(r.verdict).toBe(verdict);
    expect(r.level).toBe(level);
  });

  it('keeps the exception message and the requirement text on an error', async () => {
    const r = (
      await run([
        base({
          run: async () => {
            throw new TypeError('undefined is not a function');
          },
        }),
      ])
    ).results[0]!;
    expect(r.message).toMatch(/The kit failed while running this check: TypeError: undefined is not a function/);
    expect(r.requirementTexts?.[0]?.id).toBe(MUST);
  });

  it('states loudly why a check was not applicable', async () => {
    const report = await run([base({ profile: 'hub' })]);
    expect(report.notApplicable[0]!.reason).toMatch(
      /^NOT APPLICABLE: the target's manifest does not claim the "hub" profile/,
    );
  });

  it('attaches the exchanges behind a non-pass result, with a curl line', async () => {
    const check = base({
      run: async (ctx) => {
        await ctx.send({ method: 'GET', path: '/nothing-here', label: 'probe' });
        return { kind: 'violation', message: 'bad' };
      },
    });
    const r = (await run([check])).results[0]!;
    expect(r.evidence?.exchanges[0]?.label).toBe('probe');
    expect(r.evidence?.exchanges[0]?.curl).toMatch(/^curl .*\/nothing-here'/);
  });
});

describe('fixtures', () => {
  it('are created once and shared; a failing one makes each user untestable with its evidence', async () => {
    let created = 0;
    const shared: Fixture<number> = { name: 'shared', create: async () => ++created };
    const broken: Fixture<number> = {
      name: 'broken',
      create: async (ctx) => {
        await ctx.send({ method: 'GET', path: '/broken-fixture' });
        throw new PreconditionError('could not create a session');
      },
    };
    const users = ['a', 'b', 'c'].map((n) =>
      base({
        id: `kit.user-${n}`,
        run: async (ctx) => {
          await ctx.use(shared);
          return { kind: 'pass' };
        },
      }),
    );
    const victims = ['a', 'b'].map((n) =>
      base({
        id: `kit.victim-${n}`,
        run: async (ctx) => {
          await ctx.use(broken);
          return { kind: 'pass' };
        },
      }),
    );
    const report = await run([...users, ...victims], { concurrency: 3 });
    expect(created).toBe(1);
    expect(report.results.filter((r) => r.id.startsWith('kit.user')).map((r) => r.verdict)).toEqual([
      'pass',
      'pass',
      'pass',
    ]);
    for (const r of report.results.filter((x) => x.id.startsWith('kit.victim'))) {
      expect(r.verdict).toBe('untestable');
      expect(r.message).toBe('Not testable: could not create a session');
      expect(r.evidence?.exchanges.some((e) => e.request.url.endsWith('/broken-fixture'))).toBe(true);
    }
    expect(report.summary.mustFailures).toBe(2);
    expect(exitCodeOf(report)).toBe(1);
  });
});

describe('selection and scheduling', () => {
  const catalogue = [
    base({ id: 'stream.one', requirements: [SHOULD] }),
    base({ id: 'stream.two', requirements: [MAY] }),
    base({ id: 'manifest.three', requirements: [MUST] }),
  ];

  it.each([
    [{ only: ['stream.'] }, ['stream.one', 'stream.two']],
    [{ only: ['AIP-MAN'] }, ['manifest.three']],
    [{ only: ['aip-str-006'] }, ['stream.two']],
    [{ level: 'should' as const }, ['stream.one', 'manifest.three']],
    [{ level: 'must' as const }, ['manifest.three']],
    [{ only: ['stream.'], level: 'must' as const }, 'usage error'],
  ])('%o selects %o', async (opts, want) => {
    if (want === 'usage error') {
      await expect(run(catalogue, opts)).rejects.toThrow(/no check matches/);
      return;
    }
    expect((await run(catalogue, opts)).results.map((r) => r.id)).toEqual(want);
  });

  it('runs independent checks concurrently', async () => {
    const slow = [1, 2, 3, 4].map((n) =>
      base({
        id: `kit.slow-${n}`,
        run: async () => {
          await new Promise((r) => setTimeout(r, 300));
          return { kind: 'pass' };
        },
      }),
    );
    const t0 = Date.now();
    await run(slow, { concurrency: 4 });
    expect(Date.now() - t0).toBeLessThan(900);
  });

  it('rejects bad options as usage errors', async () => {
    await expect(run([base({})], { concurrency: 0 })).rejects.toThrow(/concurrency/);
    await expect(runConformance({ url: 'not a url', apiKey: 'x' })).rejects.toThrow(/not an absolute URL/);
    await expect(runConformance({ url: target.url })).rejects.toThrow(/API key is required/);
  });
});

describe('targets that cannot be tested', () => {
  it('an unreachable target is a fatal result with exit code 2 and a hint', async () => {
    const gone = await serve(() => {});
    await gone.close();
    const report = await runConformance({ url: gone.url, apiKey: 'aipk_x_key', checks: [base({})] });
    expect(report.fatal?.code).toBe('target_unreachable');
    expect(report.fatal?.message).toContain(gone.url);
    expect(report.fatal?.hint).toMatch(/--url/);
    expect(exitCodeOf(report)).toBe(2);
  });

  it('a run where nothing applies tested nothing: exit code 2', async () => {
    const report = await run([base({ profile: 'hub' })]);
    expect(exitCodeOf(report)).toBe(2);
  });
});

describe('cancellation', () => {
  it('an aborted run ends promptly and is reported as cancelled (exit code 2)', async () => {
    const controller = new AbortController();
    const hang = base({
      run: async (ctx) => {
        await ctx.send({ method: 'GET', path: '/hang' });
        return { kind: 'pass' };
      },
    });
    const hanging = await serve(fakeTarget(manifest(), () => {}));
    try {
      setTimeout(() => controller.abort(), 200);
      const t0 = Date.now();
      const report = await runConformance({
        url: hanging.url,
        apiKey: 'aipk_cancel_key',
        checks: [hang],
        signal: controller.signal,
      });
      expect(Date.now() - t0).toBeLessThan(2_000);
      expect(report.fatal?.code).toBe('cancelled');
      expect(exitCodeOf(report)).toBe(2);
    } finally {
      await hanging.close();
    }
  });
});
