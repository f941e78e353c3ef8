/** Root causes first: the renderers list a result before the results that name it as their root cause. */
import { describe, expect, it } from 'vitest';
import { rootCausesFirst } from '../../conformance/report/_text.ts';
import type { CheckResult } from '../../conformance/report/schema.ts';

const result = (id: string, verdict: CheckResult['verdict'], rootCause?: string): CheckResult => ({
  id,
  title: id,
  section: '8',
  requirements: ['AIP-INV-017'],
  level: 'MUST',
  verdict,
  durationMs: 1,
  ...(rootCause ? { rootCause } : {}),
});

describe('rootCausesFirst', () => {
  it('puts the named root cause first and folds its consequences beneath it', () => {
    const problems = [
      result('invoke.failed-saves-nothing', 'untestable', 'stream.utf8-whatwg-grammar'),
      result('auth.near-miss-keys', 'fail'),
      result('invoke.failed-run-keeps-output', 'untestable', 'stream.utf8-whatwg-grammar'),
      result('stream.utf8-whatwg-grammar', 'fail'),
    ];
    const ordered = rootCausesFirst(problems);
    expect(ordered.map((o) => o.result.id)).toEqual(['stream.utf8-whatwg-grammar', 'auth.near-miss-keys']);
    expect(ordered[0]!.consequences.map((c) => c.id)).toEqual([
      'invoke.failed-saves-nothing',
      'invoke.failed-run-keeps-output',
    ]);
  });

  it('leaves a consequence whose root cause is not a problem standing on its own', () => {
    const ordered = rootCausesFirst([result('context.token-count-sums', 'untestable', 'invoke.no-save-when-false')]);
    expect(ordered).toEqual([
      { result: expect.objectContaining({ id: 'context.token-count-sums' }), consequences: [] },
    ]);
  });
});
