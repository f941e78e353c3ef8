import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CHECKS } from '../../conformance/checks/index.ts';
import { sectionChecks } from '../../conformance/checks/_section.ts';

const FILES = readdirSync(new URL('../../conformance/checks/', import.meta.url)).filter((f) => /^\d+-/.test(f));

describe('check files name their section and their id prefix', () => {
  it('every check id starts with the name of a check file whose number is its section', () => {
    const wrong = CHECKS.filter((c) => {
      const file = FILES.find((f) => c.id.startsWith(`${f.replace(/^\d+-|\.ts$/g, '')}.`));
      return file === undefined || String(Number(file.split('-')[0])) !== c.section;
    }).map((c) => `${c.id} (§${c.section})`);
    expect(wrong).toEqual([]);
  });

  it('every check file contributes checks', () => {
    const prefixes = new Set(CHECKS.map((c) => c.id.split('.')[0]));
    expect(FILES.filter((f) => !prefixes.has(f.replace(/^\d+-|\.ts$/g, '')))).toEqual([]);
  });

  it('refuses a check whose id does not match its file, and a file not named <section>-<prefix>', () => {
    const spec = { id: 'invoke.x', title: 't', requirements: [], profile: 'core' as const, action: 'a' };
    const run = async () => ({ kind: 'pass' as const });
    expect(sectionChecks('file:///k/08-invoke.ts', [{ ...spec, run }])[0]!.section).toBe('8');
    expect(() => sectionChecks('file:///k/08-hub-invoke.ts', [{ ...spec, run }])).toThrow(
      /must start with "hub-invoke\."/,
    );
    expect(() => sectionChecks('file:///k/invoke.ts', [{ ...spec, run }])).toThrow(/not named/);
  });
});
