/** The conformance agent's directive language (spec §19.2): what each line becomes, and what is refused. */
import { describe, expect, it } from 'vitest';
import { DEFAULT_SCRIPT, DirectiveError, parseScript } from '../../../reference-server/agents/directives.ts';

const CASES: Array<[string, unknown]> = [
  ['@aip thinking Hmm.', { kind: 'step', step: { type: 'thinking', content: 'Hmm.' } }],
  ['@aip text  a\\nb', { kind: 'step', step: { type: 'text', content: ' a\nb' } }],
  [
    '@aip call c1 bash {"cmd": "ls -l"}',
    { kind: 'step', step: { type: 'tool_call', id: 'c1', tool: 'bash', input: { cmd: 'ls -l' } } },
  ],
  ['@aip call c1 bash', { kind: 'step', step: { type: 'tool_call', id: 'c1', tool: 'bash', input: {} } }],
  ['@aip result c9 all fine', { kind: 'step', step: { type: 'tool_result', toolCallId: 'c9', output: 'all fine' } }],
  ['@aip result c9', { kind: 'step', step: { type: 'tool_result', toolCallId: 'c9', output: 'ok' } }],
  ['@aip edit delete a/b.ts', { kind: 'step', step: { type: 'file_edit', operation: 'delete', path: 'a/b.ts' } }],
  [
    '@aip url https://x.example/ c1',
    { kind: 'step', step: { type: 'dev_url', url: 'https://x.example/', toolCallId: 'c1' } },
  ],
  ['@aip delay 250', { kind: 'delay', ms: 250 }],
  ['@aip context', { kind: 'context' }],
  ['@aip fail rate_limited', { kind: 'fail', code: 'rate_limited' }],
];

const REFUSED = [
  '@aip bogus',
  '@aip call onlyid',
  '@aip call c1 t [1]',
  '@aip call c1 t {nope',
  '@aip edit move a.ts',
  '@aip edit create',
  '@aip url',
  '@aip delay -1',
  '@aip delay 60001',
  '@aip delay soon',
  '@aip fail cancelled',
];

describe('the directive language', () => {
  it.each(CASES)('%s', (line, expected) => {
    expect(parseScript(`ignored line\n${line}\r\nanother ignored line`)).toEqual([expected]);
  });

  it.each(REFUSED)('refuses %s, quoting the line', (line) => {
    expect(() => parseScript(line)).toThrow(DirectiveError);
    expect(() => parseScript(line)).toThrow(JSON.stringify(line));
  });

  it('gives a result the tool of its call', () => {
    expect(parseScript('@aip call c1 bash\n@aip result c1')[1]).toEqual({
      kind: 'step',
      step: { type: 'tool_result', toolCallId: 'c1', output: 'ok', tool: 'bash' },
    });
  });

  it('runs the default script, every content event once, for a prompt without directives', () => {
    const kinds = parseScript('Build a landing page').map((d) => (d.kind === 'step' ? d.step.type : d.kind));
    expect(kinds).toEqual(['thinking', 'text', 'tool_call', 'file_edit', 'dev_url', 'tool_result', 'text']);
    expect(parseScript('Build a landing page')).toEqual(parseScript(DEFAULT_SCRIPT));
  });
});
