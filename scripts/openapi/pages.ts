/**
 * The hand-made pages of out/docs/: the specification as a standalone HTML page and the index
 * linking it with the API reference. Self-contained (inline CSS, no scripts, no external
 * resources) so that they render offline, and deterministic (no build time in the output).
 */
import { escapeHtml, renderMarkdown, type Heading } from './markdown.ts';

const STYLE = `
:root { color-scheme: light dark; --fg: #1c1f24; --muted: #5b6270; --bg: #fff; --line: #d9dde3; --code: #f3f4f6; --accent: #2458c6; --mark: #fff4c2; }
@media (prefers-color-scheme: dark) { :root { --fg: #e6e8eb; --muted: #a2a9b4; --bg: #16181c; --line: #363b44; --code: #23262c; --accent: #7fa7ff; --mark: #4a4220; } }
* { box-sizing: border-box; }
body { margin: 0; font: 16px/1.6 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg); background: var(--bg); }
a { color: var(--accent); }
.layout { display: grid; grid-template-columns: 300px minmax(0, 1fr); max-width: 1320px; margin: 0 auto; }
nav.toc { position: sticky; top: 0; align-self: start; max-height: 100vh; overflow-y: auto; padding: 24px 16px; border-right: 1px solid var(--line); font-size: 14px; }
nav.toc ol { list-style: none; margin: 0; padding-left: 0; }
nav.toc ol ol { padding-left: 14px; }
nav.toc li { margin: 3px 0; }
nav.toc a { color: var(--fg); text-decoration: none; }
nav.toc a:hover { color: var(--accent); text-decoration: underline; }
nav.toc .home { display: block; margin-bottom: 16px; color: var(--muted); }
main { padding: 24px 48px 96px; min-width: 0; }
main > h1 { font-size: 2.1em; line-height: 1.2; }
h2 { margin-top: 2.2em; padding-bottom: 4px; border-bottom: 1px solid var(--line); }
h3 { margin-top: 1.6em; }
h1 .anchor, h2 .anchor, h3 .anchor, h4 .anchor { visibility: hidden; text-decoration: none; color: var(--muted); font-weight: normal; }
h1:hover .anchor, h2:hover .anchor, h3:hover .anchor, h4:hover .anchor { visibility: visible; }
code { font: 0.88em/1.4 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; background: var(--code); padding: 1px 4px; border-radius: 4px; }
pre { background: var(--code); padding: 12px 16px; border-radius: 6px; overflow-x: auto; }
pre code { padding: 0; background: none; }
table { border-collapse: collapse; margin: 1em 0; display: block; overflow-x: auto; }
th, td { border: 1px solid var(--line); padding: 6px 10px; vertical-align: top; text-align: left; }
th { background: var(--code); }
blockquote { margin: 1em 0; padding: 0 16px; border-left: 4px solid var(--line); color: var(--muted); }
strong.req a { font: 600 0.85em ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; text-decoration: none; }
li:target, p:target, :target { scroll-margin-top: 16px; }
li:has(> strong.req:target), p:has(> strong.req:target), h2:target, h3:target, h4:target { background: var(--mark); }
footer { margin-top: 64px; color: var(--muted); font-size: 14px; }
.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(280px, 1fr)); gap: 20px; margin-top: 32px; }
.card { display: block; padding: 20px 24px; border: 1px solid var(--line); border-radius: 8px; color: var(--fg); text-decoration: none; }
.card:hover { border-color: var(--accent); }
.card h2 { margin: 0 0 8px; border: 0; font-size: 1.25em; color: var(--accent); }
.index { max-width: 920px; margin: 0 auto; padding: 48px 24px; }
@media (max-width: 900px) { .layout { grid-template-columns: 1fr; } nav.toc { position: static; max-height: none; border-right: 0; border-bottom: 1px solid var(--line); } main { padding: 24px 20px 64px; } }
`;

function page(title: string, body: string): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
${body}
</body>
</html>
`;
}

function tableOfContents(headings: Heading[]): string {
  const entries = headings.filter((h) => h.level === 2 || h.level === 3);
  let html = '<ol>';
  let open = false;
  for (const [i, h] of entries.entries()) {
    const link = `<a href="#${escapeHtml(h.id)}">${escapeHtml(h.text)}</a>`;
    if (h.level === 2) {
      if (open) html += '</ol></li>';
      else if (i > 0) html += '</li>';
      html += `<li>${link}`;
      open = false;
    } else {
      if (!open) html += '<ol>';
      html += `<li>${link}</li>`;
      open = true;
    }
  }
  if (open) html += '</ol></li>';
  else if (entries.length > 0) html += '</li>';
  return `${html}</ol>`;
}

export interface SpecPage {
  html: string;
  headings: number;
  requirementIds: number;
}

/** The specification (Markdown source) as a standalone page with a table of contents. */
export function specPage(markdown: string, sourceName: string): SpecPage {
  const rendered = renderMarkdown(markdown);
  const title = rendered.headings.find((h) => h.level === 1)?.text ?? 'AIP specification';
  const body = `<div class="layout">
<nav class="toc" aria-label="Contents">
<a class="home" href="index.html">← AIP Kit documentation</a>
${tableOfContents(rendered.headings)}
</nav>
<main>
${rendered.html}<footer>Rendered from <code>${escapeHtml(sourceName)}</code>. The HTTP reference is in <a href="api.html">api.html</a>.</footer>
</main>
</div>`;
  return {
    html: page(title, body),
    headings: rendered.headings.length,
    requirementIds: rendered.requirementIds.length,
  };
}

/** The landing page linking the API reference and the specification. */
export function indexPage(version: string): string {
  return page(
    `AIP ${version} documentation`,
    `<div class="index">
<h1>Agent Invoke Protocol (AIP) ${escapeHtml(version)}</h1>
<p>Documentation built by the AIP Kit. Every page works offline.</p>
<div class="cards">
<a class="card" href="spec.html"><h2>Specification</h2>The normative text: requirements with stable ids (such as <code>AIP-EVT-001</code>), the event stream, context assembly, errors and versioning.</a>
<a class="card" href="api.html"><h2>HTTP API reference</h2>Every endpoint, parameter, status code and error code, with request, response and event-stream examples, from the OpenAPI 3.2 description.</a>
<a class="card" href="schemas.html"><h2>Using the schemas</h2>The JSON Schema files and their bundle, the OpenAPI 3.1 twin, which generator to feed what, and validating in Python and Go.</a>
</div>
</div>`,
  );
}
