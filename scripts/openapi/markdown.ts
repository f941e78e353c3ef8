/**
 * A small Markdown renderer for the subset the AIP specification uses: ATX headings, paragraphs,
 * nested lists, GFM pipe tables, fenced code, block quotes, thematic breaks, and inline code,
 * emphasis, links, autolinks and backslash escapes. No Markdown library is installed, and the
 * spec page must build offline, so this is written for that subset rather than all of CommonMark.
 *
 * Safety: raw HTML is never passed through (it is shown as text), every text and attribute is
 * escaped, and link targets other than http(s), mailto, relative paths and fragments are dropped.
 *
 * Requirement ids: a bold `**AIP-XXX-NNN**` becomes the link target `id="AIP-XXX-NNN"` (first
 * occurrence), and other mentions of a defined id link to it. Likewise `§8.1` links to the
 * numbered section it names, when the document has one.
 */

export interface Heading {
  level: number;
  id: string;
  /** The heading as plain text. */
  text: string;
}

export interface RenderedMarkdown {
  html: string;
  headings: Heading[];
  /** Requirement ids defined (bold) in the document, in order of appearance. */
  requirementIds: string[];
}

const MENTION = /AIP-[A-Z]+-\d{3}|§(\d+(?:\.\d+)*)/g;
const DEFINED_REQUIREMENT = /\*\*(AIP-[A-Z]+-\d{3})\*\*/g;
const NUMBERED_HEADING = /^ {0,3}#{1,6}\s+(\d+(?:\.\d+)*)\.?(?:\s|$)/gm;

const FENCE = /^( {0,3})(`{3,}|~{3,})\s*([^\s`]*)[^`]*$/;
const HEADING = /^ {0,3}(#{1,6})(?:\s+(.*?))?(?:\s+#+)?\s*$/;
const THEMATIC_BREAK = /^ {0,3}([-*_])(?:\s*\1){2,}\s*$/;
const QUOTE = /^ {0,3}> ?/;
const LIST_ITEM = /^( *)([-*+]|\d{1,9}[.)])( +|$)(.*)$/;
const TABLE_DELIMITER = /^\s*\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?\s*$/;

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}

class Renderer {
  readonly headings: Heading[] = [];
  readonly requirementIds: string[] = [];
  private readonly usedIds = new Set<string>();
  private readonly defined: Set<string>;
  private readonly sections: Set<string>;

  constructor(source: string) {
    this.defined = new Set([...source.matchAll(DEFINED_REQUIREMENT)].map((m) => m[1]!));
    this.sections = new Set([...source.matchAll(NUMBERED_HEADING)].map((m) => m[1]!));
  }

  blocks(lines: string[]): string {
    const out: string[] = [];
    let i = 0;
    while (i < lines.length) {
      const line = lines[i]!;
      if (line.trim() === '') {
        i++;
        continue;
      }
      const fence = FENCE.exec(line);
      if (fence) {
        i = this.code(lines, i, fence, out);
        continue;
      }
      const heading = HEADING.exec(line);
      if (heading) {
        out.push(this.heading(heading[1]!.length, heading[2] ?? ''));
        i++;
        continue;
      }
      if (THEMATIC_BREAK.test(line)) {
        out.push('<hr>');
        i++;
        continue;
      }
      if (QUOTE.test(line)) {
        const quoted: string[] = [];
        while (i < lines.length && QUOTE.test(lines[i]!)) quoted.push(lines[i++]!.replace(QUOTE, ''));
        out.push(`<blockquote>\n${this.blocks(quoted)}</blockquote>`);
        continue;
      }
      if (LIST_ITEM.test(line)) {
        i = this.list(lines, i, out);
        continue;
      }
      if (line.includes('|') && i + 1 < lines.length && TABLE_DELIMITER.test(lines[i + 1]!)) {
        i = this.table(lines, i, out);
        continue;
      }
      const paragraph: string[] = [];
      while (i < lines.length && lines[i]!.trim() !== '' && (paragraph.length === 0 || !this.interrupts(lines, i))) {
        paragraph.push(lines[i++]!.trim());
      }
      out.push(`<p>${this.inline(paragraph.join('\n'))}</p>`);
    }
    return out.map((b) => `${b}\n`).join('');
  }

  /** Whether line `i` starts a block that ends the paragraph before it. */
  private interrupts(lines: string[], i: number): boolean {
    const line = lines[i]!;
    if (FENCE.test(line) || HEADING.test(line) || THEMATIC_BREAK.test(line) || QUOTE.test(line)) return true;
    if (line.includes('|') && i + 1 < lines.length && TABLE_DELIMITER.test(lines[i + 1]!)) return true;
    const item = LIST_ITEM.exec(line);
    return item !== null && item[4]!.trim() !== '' && (/^[-*+]$/.test(item[2]!) || /^1[.)]$/.test(item[2]!));
  }

  private code(lines: string[], start: number, fence: RegExpExecArray, out: string[]): number {
    const indent = fence[1]!.length;
    const marker = fence[2]!;
    const language = fence[3] ?? '';
    const closing = new RegExp(`^ {0,3}${marker[0] === '`' ? '`' : '~'}{${marker.length},}\\s*$`);
    const body: string[] = [];
    let i = start + 1;
    while (i < lines.length && !closing.test(lines[i]!)) {
      body.push(lines[i]!.replace(new RegExp(`^ {0,${indent}}`), ''));
      i++;
    }
    const cls = language ? ` class="language-${escapeHtml(language)}"` : '';
    out.push(`<pre><code${cls}>${escapeHtml(body.join('\n'))}${body.length ? '\n' : ''}</code></pre>`);
    return i + 1;
  }

  private heading(level: number, raw: string): string {
    const text = plainText(raw);
    const id = this.uniqueId(headingId(text));
    this.headings.push({ level, id, text });
    return `<h${level} id="${escapeHtml(id)}">${this.inline(raw)} <a class="anchor" href="#${escapeHtml(id)}" aria-label="Link to this section">#</a></h${level}>`;
  }

  private list(lines: string[], start: number, out: string[]): number {
    const first = LIST_ITEM.exec(lines[start]!)!;
    const baseIndent = first[1]!.length;
    const ordered = /\d/.test(first[2]!);
    const items: string[][] = [];
    let loose = false;
    let i = start;
    while (i < lines.length) {
      const item = LIST_ITEM.exec(lines[i]!);
      if (!item || item[1]!.length !== baseIndent || /\d/.test(item[2]!) !== ordered) break;
      const contentIndent = baseIndent + item[2]!.length + Math.max(1, Math.min(item[3]!.length, 4));
      const content = [item[4]!];
      i++;
      while (i < lines.length) {
        const line = lines[i]!;
        if (line.trim() === '') {
          const next = lines[i + 1];
          if (next !== undefined && leadingSpaces(next) >= contentIndent && next.trim() !== '') {
            content.push('');
            i++;
            loose = true;
            continue;
          }
          break;
        }
        if (leadingSpaces(line) >= contentIndent) content.push(line.slice(contentIndent));
        else if (!LIST_ITEM.test(line) && !this.interrupts(lines, i) && content.at(-1) !== '')
          content.push(line.trim());
        else break;
        i++;
      }
      items.push(content);
      if (i < lines.length && lines[i]!.trim() === '') {
        const next = lines.slice(i).find((l) => l.trim() !== '');
        const nextItem = next === undefined ? null : LIST_ITEM.exec(next);
        if (nextItem && nextItem[1]!.length === baseIndent && /\d/.test(nextItem[2]!) === ordered) {
          loose = true;
          while (lines[i]!.trim() === '') i++;
        }
      }
    }
    const startNumber = ordered ? Number.parseInt(first[2]!, 10) : 1;
    const open = ordered ? (startNumber === 1 ? '<ol>' : `<ol start="${startNumber}">`) : '<ul>';
    const rendered = items.map((content) => {
      const html = this.blocks(content).trimEnd();
      const tight = !loose && html.startsWith('<p>') ? html.replace(/^<p>([\s\S]*?)<\/p>/, '$1') : html;
      return `<li>${tight}</li>`;
    });
    out.push(`${open}\n${rendered.join('\n')}\n${ordered ? '</ol>' : '</ul>'}`);
    return i;
  }

  private table(lines: string[], start: number, out: string[]): number {
    const header = splitRow(lines[start]!);
    const aligns = splitRow(lines[start + 1]!).map((cell) => {
      const left = cell.startsWith(':');
      const right = cell.endsWith(':');
      return left && right ? 'center' : right ? 'right' : left ? 'left' : '';
    });
    const cell = (tag: string, text: string, column: number) => {
      const align = aligns[column] ? ` style="text-align:${aligns[column]}"` : '';
      return `<${tag}${align}>${this.inline(text)}</${tag}>`;
    };
    let i = start + 2;
    const body: string[] = [];
    while (i < lines.length && lines[i]!.trim() !== '' && lines[i]!.includes('|')) {
      const cells = splitRow(lines[i]!);
      body.push(`<tr>${header.map((_, c) => cell('td', cells[c] ?? '', c)).join('')}</tr>`);
      i++;
    }
    const head = `<thead>\n<tr>${header.map((h, c) => cell('th', h, c)).join('')}</tr>\n</thead>`;
    out.push(`<table>\n${head}\n<tbody>\n${body.join('\n')}${body.length ? '\n' : ''}</tbody>\n</table>`);
    return i;
  }

  inline(text: string): string {
    let out = '';
    let plain = '';
    const flush = () => {
      out += this.linkMentions(plain);
      plain = '';
    };
    let i = 0;
    while (i < text.length) {
      const c = text[i]!;
      const rest = text.slice(i);
      if (c === '\\' && i + 1 < text.length && /[!-/:-@[-`{-~]/.test(text[i + 1]!)) {
        plain += text[i + 1];
        i += 2;
        continue;
      }
      if (c === '\\' && text[i + 1] === '\n') {
        flush();
        out += '<br>\n';
        i += 2;
        continue;
      }
      if (c === '`') {
        const run = /^`+/.exec(rest)![0];
        const close = findClosingRun(text, i + run.length, run.length);
        if (close < 0) {
          plain += run;
          i += run.length;
          continue;
        }
        flush();
        let code = text.slice(i + run.length, close).replace(/\n/g, ' ');
        if (code.length > 1 && code.startsWith(' ') && code.endsWith(' ') && code.trim() !== '')
          code = code.slice(1, -1);
        out += `<code>${escapeHtml(code)}</code>`;
        i = close + run.length;
        continue;
      }
      const autolink = /^<((?:https?:\/\/|mailto:)[^\s<>]+)>/.exec(rest);
      if (autolink) {
        flush();
        const target = autolink[1]!;
        out += `<a href="${escapeHtml(target)}">${escapeHtml(target)}</a>`;
        i += autolink[0].length;
        continue;
      }
      if (c === '[') {
        const link = parseLink(text, i);
        if (link) {
          flush();
          const href = safeHref(link.href);
          const title = link.title ? ` title="${escapeHtml(link.title)}"` : '';
          out +=
            href === undefined
              ? this.inline(link.label)
              : `<a href="${escapeHtml(href)}"${title}>${this.inline(link.label)}</a>`;
          i = link.end;
          continue;
        }
      }
      if (c === '*' || c === '_') {
        const emphasis = parseEmphasis(text, i);
        if (emphasis) {
          flush();
          out += emphasis.strong ? this.strong(emphasis.inner) : `<em>${this.inline(emphasis.inner)}</em>`;
          i = emphasis.end;
          continue;
        }
      }
      if (c === ' ' && /^ {2,}\n/.test(rest)) {
        flush();
        out += '<br>\n';
        i += rest.indexOf('\n') + 1;
        continue;
      }
      plain += c;
      i++;
    }
    flush();
    return out;
  }

  private strong(inner: string): string {
    if (/^AIP-[A-Z]+-\d{3}$/.test(inner)) {
      const id = escapeHtml(inner);
      if (!this.usedIds.has(inner)) {
        this.usedIds.add(inner);
        this.requirementIds.push(inner);
        return `<strong class="req" id="${id}"><a href="#${id}">${id}</a></strong>`;
      }
      return `<strong class="req"><a href="#${id}">${id}</a></strong>`;
    }
    return `<strong>${this.inline(inner)}</strong>`;
  }

  /** Escapes plain text and links mentions of requirement ids and sections the document defines. */
  private linkMentions(text: string): string {
    let out = '';
    let last = 0;
    for (const m of text.matchAll(MENTION)) {
      const section = m[1];
      const link =
        section === undefined
          ? this.defined.has(m[0]) && `<a class="req-ref" href="#${m[0]}">${m[0]}</a>`
          : this.sections.has(section) && `<a class="section-ref" href="#section-${section}">${m[0]}</a>`;
      if (!link) continue;
      out += escapeHtml(text.slice(last, m.index)) + link;
      last = m.index + m[0].length;
    }
    return out + escapeHtml(text.slice(last));
  }

  private uniqueId(base: string): string {
    let id = base || 'section';
    for (let n = 2; this.usedIds.has(id); n++) id = `${base}-${n}`;
    this.usedIds.add(id);
    return id;
  }
}

/** `## 8. Hub invoke` → `section-8`, `### 8.1 …` → `section-8.1`, `## Appendix A. …` → `appendix-a`. */
export function headingId(text: string): string {
  const numbered = /^(\d+(?:\.\d+)*)\.?(?:\s|$)/.exec(text);
  if (numbered) return `section-${numbered[1]}`;
  const appendix = /^Appendix ([A-Z])\b/.exec(text);
  if (appendix) return `appendix-${appendix[1]!.toLowerCase()}`;
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

function plainText(inline: string): string {
  return inline
    .replace(/\\([!-/:-@[-`{-~])/g, '$1')
    .replace(/`+([^`]*)`+/g, '$1')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/(\*\*|__|\*|_)(\S(?:.*?\S)?)\1/g, '$2')
    .trim();
}

function leadingSpaces(line: string): number {
  return /^ */.exec(line)![0].length;
}

function splitRow(line: string): string[] {
  const cells: string[] = [];
  let current = '';
  let inCode = false;
  const trimmed = line.trim().replace(/^\|/, '');
  for (let i = 0; i < trimmed.length; i++) {
    const c = trimmed[i]!;
    if (c === '\\' && trimmed[i + 1] === '|') {
      current += '|';
      i++;
    } else if (c === '`') {
      inCode = !inCode;
      current += c;
    } else if (c === '|' && !inCode) {
      cells.push(current.trim());
      current = '';
    } else current += c;
  }
  if (current.trim() !== '' || !trimmed.endsWith('|')) cells.push(current.trim());
  return cells;
}

function findClosingRun(text: string, from: number, length: number): number {
  const pattern = new RegExp(`(?<!\`)\`{${length}}(?!\`)`, 'g');
  pattern.lastIndex = from;
  const m = pattern.exec(text);
  return m ? m.index : -1;
}

function parseLink(
  text: string,
  start: number,
): { label: string; href: string; title?: string; end: number } | undefined {
  let depth = 0;
  let i = start;
  for (; i < text.length; i++) {
    const c = text[i];
    if (c === '\\') i++;
    else if (c === '`') {
      const close = findClosingRun(text, i + 1, 1);
      if (close > 0) i = close;
    } else if (c === '[') depth++;
    else if (c === ']' && --depth === 0) break;
  }
  if (i >= text.length || text[i + 1] !== '(') return undefined;
  const target = /^\(\s*(<[^<>\n]*>|[^\s()]*)(?:\s+"([^"]*)")?\s*\)/.exec(text.slice(i + 1));
  if (!target) return undefined;
  const href = target[1]!.startsWith('<') ? target[1]!.slice(1, -1) : target[1]!;
  return { label: text.slice(start + 1, i), href, title: target[2], end: i + 1 + target[0].length };
}

/** Allows http(s), mailto, fragments and relative references; anything else (javascript:, data:) is dropped. */
function safeHref(href: string): string | undefined {
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(href);
  if (!scheme) return href;
  return ['http', 'https', 'mailto'].includes(scheme[1]!.toLowerCase()) ? href : undefined;
}

function parseEmphasis(text: string, start: number): { strong: boolean; inner: string; end: number } | undefined {
  const marker = text[start]!;
  const before = start > 0 ? text[start - 1]! : ' ';
  // An underscore inside a word (snake_case) is text, never emphasis.
  if (marker === '_' && /[\p{L}\p{N}]/u.test(before)) return undefined;
  for (const size of [2, 1]) {
    const delimiter = marker.repeat(size);
    if (!text.startsWith(delimiter, start)) continue;
    const open = start + size;
    if (open >= text.length || /\s/.test(text[open]!) || text[open] === marker) continue;
    for (let close = text.indexOf(delimiter, open + 1); close > 0; close = text.indexOf(delimiter, close + 1)) {
      if (/\s/.test(text[close - 1]!) || text[close - 1] === '\\') continue;
      if (text[close + size] === marker) continue;
      if (marker === '_' && /[\p{L}\p{N}]/u.test(text[close + size] ?? ' ')) continue;
      const inner = text.slice(open, close);
      if (inner.includes('`') && (inner.split('`').length - 1) % 2 === 1) continue;
      return { strong: size === 2, inner, end: close + size };
    }
  }
  return undefined;
}

export function renderMarkdown(source: string): RenderedMarkdown {
  const normalized = source.replace(/\r\n?/g, '\n').replace(/\t/g, '    ');
  const renderer = new Renderer(normalized);
  const html = renderer.blocks(normalized.split('\n'));
  return { html, headings: renderer.headings, requirementIds: renderer.requirementIds };
}
