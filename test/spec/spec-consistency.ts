import {
  ERROR_CODES,
  EVENT_NAMES,
  EVENT_PAYLOADS,
  manifestHash,
  WIRE_SCHEMAS,
  type WireSchemaName,
} from '../../src/protocol/index.ts';
import { jsonSchemaDocument, validate } from '../../src/validate/index.ts';
import { readSimpleProfile, violatedRequirements } from './stream-laws.ts';

/**
 * Comparisons between the spec's prose and the code it describes. Each returns the mismatches it
 * finds (empty when consistent), so a test can run it on the real spec and on broken copies.
 */

interface MarkedTable {
  arg: string;
  rows: string[][];
}

/** Tables introduced by an HTML comment `<!-- <kind>: <arg> -->`, header and separator rows removed. */
export function markedTables(markdown: string, kind: string): MarkedTable[] {
  const lines = markdown.split('\n');
  const tables: MarkedTable[] = [];
  lines.forEach((line, i) => {
    const marker = new RegExp(`^<!-- ${kind}: (\\S+) -->$`).exec(line.trim());
    if (!marker) return;
    let j = i + 1;
    while (lines[j]?.trim() === '') j += 1;
    const rows: string[][] = [];
    while (lines[j]?.trim().startsWith('|')) {
      rows.push(splitRow(lines[j]!));
      j += 1;
    }
    tables.push({ arg: marker[1]!, rows: rows.slice(2) });
  });
  return tables;
}

function splitRow(line: string): string[] {
  return line
    .trim()
    .replace(/^\||\|$/g, '')
    .split(/(?<!\\)\|/)
    .map((c) => c.trim());
}

/** The first backticked word of a cell. */
function code(cell: string | undefined): string {
  return /`([^`]+)`/.exec(cell ?? '')?.[1] ?? cell ?? '';
}

export function errorCatalogueMismatches(markdown: string): string[] {
  const [table, ...extra] = markedTables(markdown, 'catalogue').filter((t) => t.arg === 'errors');
  if (!table || extra.length > 0) return ['expected exactly one <!-- catalogue: errors --> table'];
  const inSpec = table.rows.map((r) => `${code(r[0])} ${r[1]}`);
  const inCode = Object.entries(ERROR_CODES).map(([c, { status }]) => `${c} ${status ?? 'none'}`);
  return diffLists('error catalogue (code status)', inSpec, inCode);
}

export function eventCatalogueMismatches(markdown: string): string[] {
  const [table, ...extra] = markedTables(markdown, 'catalogue').filter((t) => t.arg === 'events');
  if (!table || extra.length > 0) return ['expected exactly one <!-- catalogue: events --> table'];
  const inSpec = table.rows.map(
    (r) => `${code(r[0])} ${code(r[1])} ${[...(r[2] ?? '').matchAll(/`([^`]+)`/g)].map((m) => m[1]).join(',')}`,
  );
  const inCode = EVENT_NAMES.map((name) => {
    const stem = `event-${name.replace(/_/g, '-')}`;
    const members = Object.keys(EVENT_PAYLOADS[name].properties).join(',');
    return `${name} ${stem in WIRE_SCHEMAS ? stem : '(no schema)'} ${members}`;
  });
  return diffLists('event catalogue (name schema members)', inSpec, inCode);
}

interface ObjectSchema {
  properties?: Record<string, unknown>;
  required?: string[];
}

/** Every `<!-- fields: <stem>[#<pointer>] -->` table lists exactly the schema's members and which are required. */
export function fieldTableMismatches(markdown: string): string[] {
  const problems: string[] = [];
  for (const table of markedTables(markdown, 'fields')) {
    const [stem, pointer = ''] = table.arg.split('#');
    if (!(stem! in WIRE_SCHEMAS)) {
      problems.push(`fields table names unknown schema "${stem}"`);
      continue;
    }
    const schema = resolvePointer(jsonSchemaDocument(stem as WireSchemaName), pointer) as ObjectSchema | undefined;
    if (!schema?.properties) {
      problems.push(`${table.arg} is not an object schema with properties`);
      continue;
    }
    const required = new Set(schema.required ?? []);
    const inSpec = table.rows.map((r) => `${code(r[0])} ${r[2]}`);
    const inCode = Object.keys(schema.properties).map((k) => `${k} ${required.has(k) ? 'yes' : 'no'}`);
    problems.push(...diffLists(`fields of ${table.arg} (member req.)`, inSpec, inCode));
  }
  return problems;
}

function resolvePointer(doc: unknown, pointer: string): unknown {
  return pointer
    .split('/')
    .filter((p) => p !== '')
    .reduce<unknown>(
      (node, part) => (node as Record<string, unknown> | undefined)?.[part.replace(/~1/g, '/').replace(/~0/g, '~')],
      doc,
    );
}

/** Fenced blocks annotated `json aip:<stem>` validate; `text aip:stream` blocks obey the §11 laws. */
export function exampleBlockMismatches(markdown: string): string[] {
  const problems: string[] = [];
  for (const block of markdown.matchAll(/^```(\w+) aip:(\S+)\n([\s\S]*?)^```$/gm)) {
    const [, lang, target, body] = block as unknown as [string, string, string, string];
    if (lang === 'text' && target === 'stream') {
      try {
        const violated = violatedRequirements(readSimpleProfile(body));
        if (violated.length > 0) problems.push(`stream example violates ${violated.join(', ')}`);
      } catch (e) {
        problems.push(`stream example is not in the simple profile: ${(e as Error).message}`);
      }
      continue;
    }
    if (lang !== 'json' || !(target in WIRE_SCHEMAS)) {
      problems.push(`unknown example annotation "${lang} aip:${target}"`);
      continue;
    }
    let value: { agent?: Record<string, unknown>; agents?: Array<Record<string, unknown>> };
    try {
      value = JSON.parse(body) as typeof value;
    } catch {
      problems.push(`${target} example is not JSON`);
      continue;
    }
    const result = validate(target as WireSchemaName, value);
    if (!result.ok)
      problems.push(`${target} example: ${result.violations.map((v) => `${v.pointer} ${v.message}`).join('; ')}`);
    if (target.endsWith('manifest-document')) {
      for (const agent of value.agents ?? (value.agent ? [value.agent] : [])) {
        if (agent.manifest_hash !== manifestHash(agent))
          problems.push(`${target} example: manifest_hash of ${String(agent.id)} is wrong`);
      }
    }
  }
  return problems;
}

/** The top-level sections, in order, as the contract's section map fixes them. */
export const SECTION_MAP = [
  '1. Introduction and conventions',
  '2. Overview and profiles (non-normative)',
  '3. HTTP conventions',
  '4. Authentication',
  '5. Errors',
  '6. Agent manifest',
  '7. Portable invoke endpoint',
  '8. Hub invoke and invocation semantics',
  '9. Context assembly and enrichment',
  '10. Streaming transport and SSE framing',
  '11. Stream events and ordering',
  '12. Sessions',
  '13. Blocks',
  '14. Agents list',
  '15. Versioning',
  '16. Extensibility',
  '17. Security considerations',
  '18. Future profiles (non-normative)',
  '19. The conformance agent',
  '20. Clients and receivers',
  'Appendix A. Decisions',
  'Appendix B. Change log',
];

export function sectionMapMismatches(markdown: string): string[] {
  const headings = [...markdown.matchAll(/^## (\d+\. .*|Appendix .*)$/gm)].map((m) => m[1]!);
  return diffLists('top-level sections', headings, SECTION_MAP);
}

/** Appendix A answers the 29 open questions and 14 raised since, in order, each with a question, a decision and a reason. */
export function decisionMismatches(markdown: string, expected = 43): string[] {
  const start = markdown.indexOf('## Appendix A.');
  const end = markdown.indexOf('## Appendix B.');
  if (start < 0 || end < start) return ['Appendix A not found before Appendix B'];
  const entries = markdown.slice(start, end).split(/^### /m).slice(1);
  const problems: string[] = [];
  if (entries.length !== expected) problems.push(`Appendix A has ${entries.length} entries, expected ${expected}`);
  entries.forEach((entry, i) => {
    if (!entry.startsWith(`A.${i + 1} `)) problems.push(`entry ${i + 1} is headed "${entry.split('\n')[0]}"`);
    for (const part of ['**Question.**', '**Decision.**', '**Reason.**']) {
      if (!entry.includes(part)) problems.push(`A.${i + 1} lacks ${part}`);
    }
  });
  return problems;
}

function diffLists(what: string, inSpec: string[], inCode: string[]): string[] {
  if (inSpec.join('\n') === inCode.join('\n')) return [];
  const missing = inCode.filter((x) => !inSpec.includes(x));
  const extra = inSpec.filter((x) => !inCode.includes(x));
  return [
    `${what} differ: spec lacks [${missing.join('; ')}], spec has extra [${extra.join('; ')}]${missing.length + extra.length === 0 ? ' (order differs)' : ''}`,
  ];
}
