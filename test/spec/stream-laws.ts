import { EVENT_NAMES, TERMINAL_EVENTS, type WireSchemaName } from '../../src/protocol/index.ts';
import { validate } from '../../src/validate/index.ts';

/** One event of an example stream written in the simple profile (§10.2). */
export interface ExampleEvent {
  name: string;
  data: unknown;
}

/**
 * Reads a stream in the simple profile: LF line ends, blank-line separated events, comment lines
 * starting with ":". The examples are written that way on purpose, so anything else is an error
 * here rather than something to parse leniently.
 */
export function readSimpleProfile(text: string): ExampleEvent[] {
  if (text.includes('\r') || text.startsWith('\uFEFF')) throw new Error('example streams use LF line ends and no BOM');
  if (!text.endsWith('\n\n')) throw new Error('every event, including the last, ends with a blank line');
  const events: ExampleEvent[] = [];
  for (const block of text.slice(0, -2).split('\n\n')) {
    const lines = block.split('\n').filter((l) => !l.startsWith(':'));
    if (lines.length === 0) continue;
    const name = lines.find((l) => l.startsWith('event: '))?.slice(7) ?? 'message';
    const dataLines = lines.filter((l) => l.startsWith('data: '));
    if (dataLines.length !== 1 || lines.length !== 2) throw new Error(`not one event line and one data line: ${block}`);
    let data: unknown;
    try {
      data = JSON.parse(dataLines[0]!.slice(6));
    } catch {
      data = undefined;
    }
    events.push({ name, data });
  }
  return events;
}

const CONTENT_EVENTS = new Set(['thinking', 'text_delta', 'tool_call', 'tool_result', 'file_edit', 'dev_url']);

type Payload = Record<string, unknown>;

/** The requirement ids (§11 laws, payload rules and the invocation-id rule) an event sequence violates. */
export function violatedRequirements(events: readonly ExampleEvent[]): string[] {
  const violated = new Set<string>();
  const fail = (id: string) => violated.add(id);
  const catalogue = new Set<string>(EVENT_NAMES);
  const terminals = events.filter((e) => TERMINAL_EVENTS.includes(e.name as never));
  const calls = new Map<string, { tool: unknown; answered: boolean }>();
  let contextSeen = 0;
  let text = '';
  let startData: Payload | undefined;
  let contextData: Payload | undefined;

  if (events[0]?.name !== 'start') fail('AIP-EVT-004');
  if (terminals.length !== 1) fail('AIP-EVT-007');
  const last = events[events.length - 1];
  if (
    terminals.length > 0 &&
    (last === undefined || !TERMINAL_EVENTS.includes(last.name as never) || terminals[0] !== last)
  )
    fail('AIP-EVT-008');

  for (const { name, data } of events) {
    if (!catalogue.has(name) && !name.startsWith('x-')) fail('AIP-EVT-001');
    if (data === null || typeof data !== 'object' || Array.isArray(data)) {
      fail('AIP-EVT-002');
      continue;
    }
    const d = data as Payload;
    if (catalogue.has(name) && !validate(`event-${name.replace(/_/g, '-')}` as WireSchemaName, d).ok)
      fail('AIP-EVT-003');
    if ((CONTENT_EVENTS.has(name) || name === 'complete') && contextSeen === 0) fail('AIP-EVT-006');
    switch (name) {
      case 'start':
        startData ??= d;
        break;
      case 'context_assembled':
        contextSeen += 1;
        if (contextSeen > 1) fail('AIP-EVT-005');
        contextData ??= d;
        break;
      case 'text_delta':
        if (d.content === '') fail('AIP-EVT-014');
        text += String(d.content);
        break;
      case 'tool_call':
        if (calls.has(String(d.id))) fail('AIP-EVT-010');
        calls.set(String(d.id), { tool: d.tool, answered: false });
        break;
      case 'tool_result': {
        const call = calls.get(String(d.toolCallId));
        if (!call || call.answered) fail('AIP-EVT-011');
        else {
          call.answered = true;
          if (d.tool !== undefined && d.tool !== call.tool) fail('AIP-EVT-018');
        }
        break;
      }
      case 'file_edit':
      case 'dev_url':
        if (d.toolCallId !== undefined) {
          const call = calls.get(String(d.toolCallId));
          if (!call || call.answered) fail('AIP-EVT-013');
        }
        if (name === 'file_edit' && (String(d.path).startsWith('/') || String(d.path).split(/[\\/]/).includes('..')))
          fail('AIP-EVT-019');
        if (name === 'dev_url' && !/^https?:\/\//.test(String(d.url))) fail('AIP-EVT-020');
        break;
      case 'complete':
        if (text !== d.output) fail('AIP-EVT-009');
        if ([...calls.values()].some((c) => !c.answered)) fail('AIP-EVT-012');
        if (contextData && (d.usage as Payload | undefined)?.contextTokens !== contextData.tokenCount)
          fail('AIP-EVT-015');
        break;
    }
    if (TERMINAL_EVENTS.includes(name as never) && startData && d.invocationId !== startData.invocationId)
      fail('AIP-INV-019');
  }
  return [...violated].sort();
}
