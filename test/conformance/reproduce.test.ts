/**
 * Exact reproducers: a finding carries the exchange that produced it, and every report shows that
 * exchange (or those steps, in order) — not whichever exchange the check happened to send last.
 * A hang-up is recorded with what had arrived before it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderConsole, renderHtml, renderJunit, runConformance, type Check } from '../../conformance/index.ts';
import { Findings } from '../../conformance/checks/_outcome.ts';
import { event, fakeTarget, manifest, serve, SSE, type Running } from './_servers.ts';

let target: Running;
beforeAll(async () => {
  target = await serve(
    fakeTarget(manifest(), (req, res) => {
      if (req.url?.startsWith('/stream')) {
        res.writeHead(200, SSE);
        res.write(event('start', { invocationId: 'inv_1', agent: 'fake-agent', session: null }));
        res.write(event('complete', { invocationId: 'inv_1', output: '' }));
        return;
      }
      res.writeHead(req.url === '/q?limit=101' ? 200 : 400, { 'content-type': 'application/json' });
      res.end('{}');
    }),
  );
});
afterAll(() => target.close());

const base = { section: '3', requirements: ['AIP-HTTP-009'], profile: 'core' as const, action: 'GETs' };

const CHECKS: Check[] = [
  {
    ...base,
    id: 'test.middle-one-failed',
    title: 'the second of three requests is the bad one',
    async run(ctx) {
      const f = new Findings();
      for (const q of ['limit=0', 'limit=101', 'cursor=x']) {
        const res = await ctx.send({ method: 'GET', path: `/q?${q}`, label: q });
        f.expect(res.status === 400, `${q}: HTTP ${String(res.status)} instead of 400`, undefined, res);
      }
      return f.outcome('HTTP 400 for each');
    },
  },
  {
    ...base,
    id: 'test.steps',
    title: 'a finding that takes two steps to show',
    async run(ctx) {
      const first = await ctx.send({ method: 'GET', path: '/q?step=1', label: 'step 1' });
      const second = await ctx.send({
        method: 'POST',
        path: '/stream',
        json: { stream: true },
        label: 'step 2: stream, hang up after the first event',
        disconnectWhen: (cap) => cap.events.length >= 2,
      });
      await ctx.send({ method: 'GET', path: '/q?unrelated', label: 'an unrelated read' });
      const f = new Findings();
      f.add('the second step showed the problem', undefined, [first, second]);
      return f.outcome();
    },
  },
];

describe('reproducers', () => {
  it('point at the exchange of the finding, in every report', async () => {
    const report = await runConformance({ url: target.url, apiKey: 'aipk_reproduce_key', checks: CHECKS });
    const middle = report.results.find((r) => r.id === 'test.middle-one-failed')!;
    expect(middle.verdict).toBe('fail');
    expect(middle.evidence!.exchanges[middle.reproduce![0]!]!.label).toBe('limit=101');
    const text = renderConsole(report);
    expect(text).toMatch(/Reproduce: curl .*\/q\?limit=101'/);
    expect(text).not.toMatch(/Reproduce: curl .*cursor=x/);
    expect(text).toMatch(/On the wire: HTTP 200, headers at [\d.]+ ms, [\d.]+ ms in all, 2 body bytes; bytes: "\{\}"/);
    expect(renderJunit(report)).toMatch(/Reproduce: curl [^\n]*limit=101/);
    expect(renderHtml(report)).toContain('reproduces the finding (step 1)');
  });

  it('give multi-step findings as steps in order, with what happened on the wire before the hang-up', async () => {
    const report = await runConformance({ url: target.url, apiKey: 'aipk_reproduce_key', checks: CHECKS });
    const steps = report.results.find((r) => r.id === 'test.steps')!;
    expect(steps.reproduce).toHaveLength(2);
    const hung = steps.evidence!.exchanges[steps.reproduce![1]!]!;
    expect(hung.hungUp).toMatchObject({ events: 2, names: ['start', 'complete'], terminalSeen: true });
    const text = renderConsole(report);
    expect(text).toMatch(/Reproduce \(2 steps, in order\):\n\s+1\. curl [^\n]*step=1'/);
    expect(text).toMatch(
      /2\. curl [^\n]*\/stream'[^\n]*\n\s+.*the kit hung up at [\d.]+ ms after 2 event\(s\) \(start, complete\); the terminal event had already arrived/,
    );
    expect(text).not.toMatch(/Reproduce[^\n]*unrelated/);
  });
});
