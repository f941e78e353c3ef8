/**
 * The examples of spec/openapi.yaml are real AIP traffic: JSON examples validate against the wire
 * schemas, manifest hashes are correct, and the raw SSE examples obey the framing and ordering laws.
 * Each test lists every violation at once.
 */
import { describe, expect, it } from 'vitest';
import { isRecord } from '../../scripts/openapi/document.ts';
import { manifestHash, TERMINAL_EVENTS, type EventName, type WireSchemaName } from '../../src/protocol/index.ts';
import { BUNDLE_FILE, publishedStems, titleOf, validate } from '../../src/validate/index.ts';
import { deref, operations, responses } from './document-walk.ts';

interface MediaExample {
  where: string;
  schemas: WireSchemaName[];
  example: Record<string, unknown>;
}

const BUNDLE_REF = `../schemas/${BUNDLE_FILE}#/$defs/`;
const STEM_BY_TITLE = new Map(publishedStems().map((stem) => [titleOf(stem), stem as WireSchemaName]));

function schemaNames(schema: unknown): WireSchemaName[] {
  if (!isRecord(schema)) return [];
  if (typeof schema.$ref === 'string' && schema.$ref.startsWith(BUNDLE_REF)) {
    const stem = STEM_BY_TITLE.get(schema.$ref.slice(BUNDLE_REF.length));
    return stem ? [stem] : [];
  }
  return Array.isArray(schema.oneOf) ? schema.oneOf.flatMap(schemaNames) : [];
}

function mediaExamples(mediaType: string): MediaExample[] {
  const found: MediaExample[] = [];
  for (const op of operations()) {
    const holders = [
      ...(op.operation.requestBody
        ? [{ where: `${op.method} ${op.path} request`, body: deref(op.operation.requestBody) }]
        : []),
      ...responses(op).map((r) => ({ where: r.where, body: r.response })),
    ];
    for (const { where, body } of holders) {
      const content = isRecord(body.content) ? body.content : {};
      if (!(mediaType in content)) continue;
      const media = deref(content[mediaType]);
      for (const [name, example] of Object.entries(isRecord(media.examples) ? media.examples : {})) {
        found.push({
          where: `${where} ${mediaType} example "${name}"`,
          schemas: schemaNames(media.schema),
          example: deref(example),
        });
      }
    }
  }
  return found;
}

const jsonExamples = mediaExamples('application/json');
const streamExamples = mediaExamples('text/event-stream');

describe('JSON examples', () => {
  it('are each valid against their wire schema', () => {
    expect(jsonExamples.length).toBeGreaterThan(0);
    const invalid = jsonExamples.flatMap(({ where, schemas, example }) => {
      if (schemas.length === 0) return [`${where}: no wire schema`];
      const results = schemas.map((name) => validate(name, example.value));
      return results.some((r) => r.ok) ? [] : [`${where}: ${JSON.stringify(results)}`];
    });
    expect(invalid).toEqual([]);
  });

  it('say whether a retry can help (retryable true only for 429, 500 and 503)', () => {
    const wrong = jsonExamples.flatMap(({ where, example }) => {
      const error = (example.value as { error?: { code: string; retryable?: unknown } }).error;
      if (!isRecord(error)) return [];
      const expected = ['rate_limited', 'internal_error', 'unavailable'].includes(error.code);
      return error.retryable === expected ? [] : [`${where}: retryable is ${String(error.retryable)}`];
    });
    expect(wrong).toEqual([]);
  });

  it('carry correct manifest hashes', () => {
    const agents = jsonExamples
      .flatMap(({ example }) => {
        const value = example.value as { agent?: unknown; agents?: unknown[] };
        return [...(value.agent ? [value.agent] : []), ...(value.agents ?? [])];
      })
      .filter(isRecord);
    expect(agents.length).toBeGreaterThan(0);
    for (const agent of agents) expect(agent.manifest_hash).toBe(manifestHash(agent));
  });
});

interface ParsedEvent {
  event: EventName;
  data: Record<string, unknown>;
}

/** Parses the simple SSE profile the examples use (LF line ends, one data line per event). */
function parseSimpleStream(text: string): ParsedEvent[] {
  expect(text.endsWith('\n\n'), 'the stream must end with a blank line').toBe(true);
  expect(text).not.toContain('\r');
  return text
    .split('\n\n')
    .filter((block) => block !== '')
    .map((block) => block.split('\n').filter((line) => !line.startsWith(':')))
    .filter((lines) => lines.length > 0)
    .map((lines) => {
      const fields = new Map(
        lines.map((line) => [line.slice(0, line.indexOf(':')), line.slice(line.indexOf(':') + 2)]),
      );
      expect([...fields.keys()].sort()).toEqual(['data', 'event']);
      return {
        event: fields.get('event') as EventName,
        data: JSON.parse(fields.get('data')!) as Record<string, unknown>,
      };
    });
}

describe('SSE examples', () => {
  it('exist', () => {
    expect(streamExamples.length).toBeGreaterThan(0);
  });

  it.each(streamExamples)('$where validates and obeys the ordering laws', ({ example }) => {
    expect(typeof example.serializedValue).toBe('string');
    const events = parseSimpleStream(String(example.serializedValue));
    for (const e of events)
      expect(validate(`event-${e.event.replaceAll('_', '-')}` as WireSchemaName, e.data)).toEqual({ ok: true });

    const names = events.map((e) => e.event);
    expect(names[0]).toBe('start');
    expect(names[1]).toBe('context_assembled');
    expect(names.filter((n) => n === 'context_assembled')).toHaveLength(1);
    expect(names.filter((n) => TERMINAL_EVENTS.includes(n))).toHaveLength(1);
    const terminal = events.at(-1)!;
    expect(TERMINAL_EVENTS).toContain(terminal.event);
    expect(terminal.data.invocationId).toBe(events[0]!.data.invocationId);

    const calls = events.filter((e) => e.event === 'tool_call').map((e) => e.data.id);
    const results = events.filter((e) => e.event === 'tool_result').map((e) => e.data.toolCallId);
    expect(new Set(calls).size).toBe(calls.length);
    for (const [i, e] of events.entries()) {
      if (e.event === 'tool_result')
        expect(events.slice(0, i).some((p) => p.event === 'tool_call' && p.data.id === e.data.toolCallId)).toBe(true);
    }
    if (terminal.event === 'complete') {
      const text = events
        .filter((e) => e.event === 'text_delta')
        .map((e) => e.data.content)
        .join('');
      expect(terminal.data.output).toBe(text);
      expect(new Set(results)).toEqual(new Set(calls));
      expect(terminal.data.session).toBe(events[0]!.data.session);
      expect((terminal.data.usage as { contextTokens: number }).contextTokens).toBe(events[1]!.data.tokenCount);
    }
  });
});
