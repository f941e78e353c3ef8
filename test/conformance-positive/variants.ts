/**
 * Conformant but unusual variants of the reference server. Each stays inside what the spec
 * allows; the kit must not fail any of them, and may warn only where a SHOULD is departed from.
 */
import { manifestHash } from '../../src/index.ts';
import { commentBefore, multiLineData, withIdAndRetry, withLineEnd } from '../mutants/framings.ts';
import { MANIFEST, edit, ev, isTerminal, wantsStream } from '../mutants/helpers.ts';
import type { Variant } from '../mutants/types.ts';

type Json = Record<string, any>;

const SIMPLE_PROFILE = 'AIP-STR-005';
const EXTRA = { x_vendor: { note: 'ignore me' } };

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Members whose value is not a protocol object: caller data (block content, tool input and
 * output), error details, and the capability map (whose values must all be booleans).
 */
const OPAQUE = new Set(['content', 'input', 'output', 'details', 'capabilities']);

/** Adds an unknown member to every protocol object, however deep. */
function decorate(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(decorate);
  if (!isObject(value)) return value;
  const out: Json = { ...EXTRA };
  for (const [k, v] of Object.entries(value)) out[k] = OPAQUE.has(k) ? v : decorate(v);
  return out;
}

/** Manifests get the extra member too, with their hashes recomputed so they stay correct. */
function decorateBody(body: unknown, path: string): unknown {
  const out = decorate(body) as Json;
  if (path !== MANIFEST) return out;
  const agents = [
    ...(Array.isArray(out.agents) ? out.agents : []),
    ...(isObject(out.agent) ? [out.agent] : []),
  ] as Json[];
  for (const agent of agents) agent.manifest_hash = manifestHash(agent);
  return out;
}

export const VARIANTS: Variant[] = [
  { name: 'transparent', oddity: 'Nothing: the reference server as it is.', warns: [] },
  {
    name: 'crlf',
    oddity: 'Ends stream lines with CRLF.',
    warns: [SIMPLE_PROFILE],
    when: wantsStream,
    stream: { framing: { encode: withLineEnd('\r\n') } },
  },
  {
    name: 'cr-only',
    oddity: 'Ends stream lines with a lone CR.',
    warns: [SIMPLE_PROFILE],
    when: wantsStream,
    stream: { framing: { encode: withLineEnd('\r') } },
  },
  {
    name: 'bom',
    oddity: 'Starts each stream with a byte order mark.',
    warns: [SIMPLE_PROFILE],
    when: wantsStream,
    stream: { framing: { preamble: '\uFEFF' } },
  },
  {
    name: 'comments',
    oddity: 'Puts a comment line before every event.',
    warns: [],
    when: wantsStream,
    stream: { framing: { encode: commentBefore } },
  },
  {
    name: 'multi-line-data',
    oddity: 'Pretty-prints each payload over several `data:` lines.',
    warns: [SIMPLE_PROFILE],
    when: wantsStream,
    stream: { framing: { encode: multiLineData } },
  },
  {
    name: 'id-and-retry',
    oddity: 'Sends an `id:` on every event and a `retry:` on the first.',
    warns: [],
    when: wantsStream,
    stream: { framing: { encode: withIdAndRetry } },
  },
  {
    name: 'one-byte-chunks',
    oddity: 'Delivers streams one byte per write.',
    warns: [],
    when: wantsStream,
    stream: { framing: { chunkBytes: 1 } },
  },
  {
    name: 'extra-members',
    oddity: 'Adds an unknown `x_vendor` member to every JSON object it answers with and to every event payload.',
    warns: [],
    json: (body, req) => decorateBody(body, req.path),
    error: (res) =>
      isObject(res.json) ? { status: res.status, headers: res.headers, body: decorate(res.json) } : undefined,
    stream: { events: { event: (e) => edit(e, (d) => decorate(d)) } },
  },
  {
    name: 'extension-events',
    oddity: 'Sends an `x-progress` extension event after every event but the terminal one.',
    warns: [],
    when: wantsStream,
    stream: {
      events: { event: (e, s) => (isTerminal(e) ? undefined : [e, ev('x-progress', { seen: s.seen.length })]) },
    },
  },
];
