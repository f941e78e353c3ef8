/** The Markdown renderer behind out/docs/spec.html (cases in fixtures/markdown.json) and the spec page itself. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderMarkdown } from '../../scripts/openapi/markdown.ts';
import { indexPage, specPage } from '../../scripts/openapi/pages.ts';

interface Case {
  name: string;
  markdown: string;
  html: string;
}

const cases = JSON.parse(readFileSync(new URL('./fixtures/markdown.json', import.meta.url), 'utf8')) as Case[];
const SPEC = readFileSync(new URL('../../spec/aip-0.1.0.md', import.meta.url), 'utf8');

function ids(html: string): string[] {
  return [...html.matchAll(/ id="([^"]+)"/g)].map((m) => m[1]!);
}

describe('renderMarkdown', () => {
  it.each(cases)('$name', ({ markdown, html }) => {
    expect(renderMarkdown(markdown).html).toBe(html);
  });
});

describe('spec.html from spec/aip-0.1.0.md', () => {
  const page = specPage(SPEC, 'spec/aip-0.1.0.md').html;
  const pageIds = ids(page);

  it('makes every requirement id of the source a unique link target', () => {
    const defined = [...new Set([...SPEC.matchAll(/\*\*(AIP-[A-Z]+-\d{3})\*\*/g)].map((m) => m[1]!))];
    expect(defined.length).toBeGreaterThan(0);
    for (const id of defined)
      expect(
        pageIds.filter((x) => x === id),
        id,
      ).toHaveLength(1);
  });

  it('has unique ids, and every in-page link lands on one', () => {
    expect(new Set(pageIds).size).toBe(pageIds.length);
    const targets = [...page.matchAll(/href="#([^"]+)"/g)].map((m) => m[1]!);
    expect(targets.filter((t) => !pageIds.includes(t))).toEqual([]);
  });

  it('gives every numbered section a stable section id', () => {
    const sections = [...SPEC.matchAll(/^#{2,4} (\d+(?:\.\d+)*)\.? /gm)].map((m) => `section-${m[1]}`);
    expect(sections.length).toBeGreaterThan(0);
    expect(sections.filter((s) => !pageIds.includes(s))).toEqual([]);
  });

  it('is self-contained: no scripts and no external resources', () => {
    expect(page).not.toMatch(/<script|<link |<img |@import|src=/i);
  });

  it('links to the API reference and back to the index, as the index links to both', () => {
    expect(page).toContain('href="api.html"');
    expect(page).toContain('href="index.html"');
    expect(indexPage('0.1.0')).toMatch(/href="spec.html"[\s\S]*href="api.html"[\s\S]*href="schemas.html"/);
  });
});

describe('schemas.html from docs/using-the-schemas.md', () => {
  const page = specPage(readFileSync(new URL('../../docs/using-the-schemas.md', import.meta.url), 'utf8'), 'x').html;

  it('renders its tables and code, and every in-page link lands', () => {
    expect(page).toContain('<table>');
    expect(page).toContain('<pre>');
    const targets = [...page.matchAll(/href="#([^"]+)"/g)].map((m) => m[1]!);
    expect(targets.filter((t) => !ids(page).includes(t))).toEqual([]);
  });
});
