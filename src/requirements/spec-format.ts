/**
 * Reads the normative spec (spec/aip-0.1.0.md) into tagged requirement statements and reports
 * every way the text breaks the tagging rules. The registry generator and the spec tests share
 * this one reader, so what the tests enforce is exactly what the registry is built from.
 */

export type Level = 'MUST' | 'SHOULD' | 'MAY';

export interface Requirement {
  /** Stable identifier, `AIP-<AREA>-<NNN>`. */
  id: string;
  /** Normative force, from the BCP 14 keyword the statement contains. */
  level: Level;
  /** Number of the nearest numbered heading, e.g. "11.2". */
  section: string;
  sectionTitle: string;
  /** The statement after its tag: Markdown source with line breaks collapsed to single spaces. */
  text: string;
}

export const AREAS = [
  'HTTP',
  'AUTH',
  'ERR',
  'VER',
  'EXT',
  'MAN',
  'PORT',
  'INV',
  'CTX',
  'STR',
  'EVT',
  'SES',
  'BLK',
  'AGT',
  'SEC',
  'CONF',
  'RCV',
] as const;
export type Area = (typeof AREAS)[number];

/** A complete requirement identifier. */
export const REQUIREMENT_ID_PATTERN = new RegExp(`^AIP-(${AREAS.join('|')})-(\\d{3})$`);

/** The area whose requirements each top-level section declares (the spec's section map). */
export const SECTION_AREAS: Readonly<Record<string, Area>> = {
  '3': 'HTTP',
  '4': 'AUTH',
  '5': 'ERR',
  '6': 'MAN',
  '7': 'PORT',
  '8': 'INV',
  '9': 'CTX',
  '10': 'STR',
  '11': 'EVT',
  '12': 'SES',
  '13': 'BLK',
  '14': 'AGT',
  '15': 'VER',
  '16': 'EXT',
  '17': 'SEC',
  '19': 'CONF',
  '20': 'RCV',
};

/**
 * Sections that use the keywords without imposing them: 1.2 defines them and 1.3 explains how a
 * tag takes its level from them. Every other exemption is marked in the spec itself by a heading
 * ending in "(non-normative)", which covers the section and its subsections; appendices and text
 * before the first numbered heading are exempt too.
 */
export const KEYWORD_DEFINITION_SECTIONS: readonly string[] = ['1.2', '1.3'];

const NON_NORMATIVE_MARK = /\(non-normative\)\s*$/i;

const KEYWORD =
  /\b(MUST NOT|MUST|REQUIRED|SHALL NOT|SHALL|SHOULD NOT|SHOULD|NOT RECOMMENDED|RECOMMENDED|MAY|OPTIONAL)\b/g;
const LOWERCASE_KEYWORD = /\b(must|shall|should|required|recommended|may|optional)\b/gi;
const TAG = /^\*\*([^*]+)\*\*\s*/;
const LIST_ITEM = /^(\s*)(?:[-*+]|\d+[.)])\s+/;
const HEADING = /^(#{1,6})\s+(.*?)\s*#*\s*$/;
const NUMBERED_TITLE = /^((?:\d+|[A-Z])(?:\.\d+)*)\.?\s+(.*)$/;
const APPENDIX_TITLE = /^Appendix\s+([A-Z])\.?\s+(.*)$/;

const LEVEL_OF: Record<string, Level> = {
  MUST: 'MUST',
  'MUST NOT': 'MUST',
  REQUIRED: 'MUST',
  SHALL: 'MUST',
  'SHALL NOT': 'MUST',
  SHOULD: 'SHOULD',
  'SHOULD NOT': 'SHOULD',
  RECOMMENDED: 'SHOULD',
  'NOT RECOMMENDED': 'SHOULD',
  MAY: 'MAY',
  OPTIONAL: 'MAY',
};

/** One paragraph, list item or table row of the spec, with where it sits. */
export interface Statement {
  /** 1-based line of its first line. */
  line: number;
  kind: 'paragraph' | 'list-item' | 'table-row';
  /** Lines joined by single spaces, list marker and blockquote marker removed. */
  text: string;
  section: string;
  sectionTitle: string;
  normative: boolean;
}

export type ProblemKind =
  | 'untagged-keyword'
  | 'missing-keyword'
  | 'mixed-levels'
  | 'bad-id'
  | 'duplicate-id'
  | 'wrong-area'
  | 'tag-outside-normative-section'
  | 'lowercase-keyword';

export interface SpecProblem {
  kind: ProblemKind;
  line: number;
  message: string;
}

export interface ParsedSpec {
  requirements: Requirement[];
  problems: SpecProblem[];
}

interface Heading {
  depth: number;
  section: string;
  title: string;
  exempt: boolean;
}

/** Splits Markdown into statements, skipping headings, fenced code and HTML comments. */
export function splitStatements(markdown: string): Statement[] {
  const lines = markdown.split(/\r\n|\n|\r/);
  const statements: Statement[] = [];
  const headings: Heading[] = [];
  let current: { line: number; kind: Statement['kind']; parts: string[]; indent: number } | undefined;
  let fence: string | undefined;
  let inComment = false;

  const where = () => {
    const numbered = [...headings].reverse().find((h) => h.section !== '');
    const exempt = headings.length === 0 || numbered === undefined || headings.some((h) => h.exempt);
    return { section: numbered?.section ?? '', sectionTitle: numbered?.title ?? '', normative: !exempt };
  };
  const flush = () => {
    if (current)
      statements.push({
        line: current.line,
        kind: current.kind,
        text: current.parts.join(' ').replace(/\s+/g, ' ').trim(),
        ...where(),
      });
    current = undefined;
  };

  lines.forEach((raw, index) => {
    const lineNo = index + 1;
    if (fence !== undefined) {
      if (raw.trim().startsWith(fence)) fence = undefined;
      return;
    }
    if (inComment) {
      if (raw.includes('-->')) inComment = false;
      return;
    }
    const trimmed = raw.trim();
    const fenceOpen = /^(```+|~~~+)/.exec(trimmed);
    if (fenceOpen) {
      flush();
      fence = fenceOpen[1];
      return;
    }
    if (trimmed.startsWith('<!--')) {
      flush();
      if (!trimmed.includes('-->')) inComment = true;
      return;
    }
    if (trimmed === '') {
      flush();
      return;
    }
    const heading = HEADING.exec(raw);
    if (heading) {
      flush();
      const depth = heading[1]!.length;
      const title = heading[2]!;
      while (headings.length > 0 && headings[headings.length - 1]!.depth >= depth) headings.pop();
      headings.push(describeHeading(depth, title));
      return;
    }
    if (trimmed.startsWith('|')) {
      flush();
      if (/^\|[\s:|-]+\|?$/.test(trimmed)) return;
      statements.push({ line: lineNo, kind: 'table-row', text: trimmed, ...where() });
      return;
    }
    const content = trimmed.replace(/^>\s?/, '');
    const item = LIST_ITEM.exec(raw);
    if (item) {
      flush();
      current = { line: lineNo, kind: 'list-item', parts: [raw.slice(item[0].length).trim()], indent: item[1]!.length };
      return;
    }
    if (current) current.parts.push(content);
    else current = { line: lineNo, kind: 'paragraph', parts: [content], indent: 0 };
  });
  flush();
  return statements;
}

function describeHeading(depth: number, title: string): Heading {
  const appendix = APPENDIX_TITLE.exec(title);
  if (appendix) return { depth, section: appendix[1]!, title: appendix[2]!, exempt: true };
  const numbered = NUMBERED_TITLE.exec(title);
  if (!numbered) return { depth, section: '', title, exempt: NON_NORMATIVE_MARK.test(title) };
  const section = numbered[1]!;
  const exempt =
    NON_NORMATIVE_MARK.test(title) || /^[A-Z]/.test(section) || KEYWORD_DEFINITION_SECTIONS.includes(section);
  return { depth, section, title: numbered[2]!.replace(NON_NORMATIVE_MARK, '').trim(), exempt };
}

/** Inline code is quoted material, never normative language. */
function withoutCode(text: string): string {
  return text.replace(/`+[^`]*`+/g, ' ');
}

/** The distinct levels of the BCP 14 keywords in `text`, in order of first appearance. */
export function keywordLevels(text: string): Level[] {
  const levels: Level[] = [];
  for (const match of withoutCode(text).matchAll(KEYWORD)) {
    const level = LEVEL_OF[match[1]!]!;
    if (!levels.includes(level)) levels.push(level);
  }
  return levels;
}

/** Keyword words written in anything but capitals, which RFC 8174 leaves ambiguous. */
export function lowercaseKeywords(text: string): string[] {
  return [
    ...withoutCode(text)
      .replace(/\]\([^)]*\)/g, ']')
      .matchAll(LOWERCASE_KEYWORD),
  ]
    .map((m) => m[1]!)
    .filter((word) => word !== word.toUpperCase());
}

/** The tag a statement starts with, if any: `**AIP-…**` (whatever is inside the bold). */
export function statementTag(text: string): string | undefined {
  return TAG.exec(text)?.[1];
}

/** Parses the spec into requirements (document order) and every tagging problem found. */
export function parseSpec(markdown: string): ParsedSpec {
  const requirements: Requirement[] = [];
  const problems: SpecProblem[] = [];
  const seen = new Map<string, number>();
  const problem = (kind: ProblemKind, line: number, message: string) => problems.push({ kind, line, message });

  for (const s of splitStatements(markdown)) {
    for (const word of lowercaseKeywords(s.text)) {
      problem(
        'lowercase-keyword',
        s.line,
        `"${word}" outside code; write the keyword in capitals (normative) or rephrase (informative)`,
      );
    }
    const tag = s.kind === 'table-row' ? undefined : statementTag(s.text);
    const looksLikeRequirement = tag !== undefined && tag.startsWith('AIP-');
    const levels = keywordLevels(s.text);
    if (!looksLikeRequirement) {
      if (s.normative && levels.length > 0) {
        problem(
          'untagged-keyword',
          s.line,
          `normative keyword in an untagged ${s.kind} of §${s.section}: "${clip(s.text)}"`,
        );
      }
      continue;
    }
    if (!s.normative) {
      problem(
        'tag-outside-normative-section',
        s.line,
        `${tag} sits in a non-normative part (§${s.section || 'preamble'})`,
      );
      continue;
    }
    const id = REQUIREMENT_ID_PATTERN.exec(tag);
    if (!id) {
      problem('bad-id', s.line, `"${tag}" does not match AIP-<AREA>-<NNN> with a known area`);
      continue;
    }
    const topSection = s.section.split('.')[0]!;
    const area = SECTION_AREAS[topSection];
    if (area !== id[1]) {
      problem('wrong-area', s.line, `${tag} is in §${s.section}, whose area is ${area ?? 'none'}`);
    }
    const previous = seen.get(tag);
    if (previous !== undefined) {
      problem('duplicate-id', s.line, `${tag} is already declared on line ${previous}`);
      continue;
    }
    seen.set(tag, s.line);
    if (levels.length === 0) {
      problem('missing-keyword', s.line, `${tag} contains no BCP 14 keyword`);
      continue;
    }
    if (levels.length > 1) {
      problem('mixed-levels', s.line, `${tag} mixes ${levels.join(' and ')}; split it into one statement per level`);
      continue;
    }
    requirements.push({
      id: tag,
      level: levels[0]!,
      section: s.section,
      sectionTitle: s.sectionTitle,
      text: s.text.replace(TAG, ''),
    });
  }
  return { requirements, problems };
}

function clip(text: string): string {
  return text.length > 90 ? `${text.slice(0, 87)}...` : text;
}

/** The registry file's exact text for a list of requirements. */
export function renderRegistry(requirements: readonly Requirement[]): string {
  return `${JSON.stringify(requirements, null, 2)}\n`;
}
