/**
 * The scenario catalogue: read from the data files in ./scenarios (one per spec section) and
 * ./transcripts, checked for shape, and expanded to one runnable scenario per chunking.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Chunking, Expectation, Scenario, ScenarioFile, ScenarioSpec } from './types.ts';

const HERE = fileURLToPath(new URL('.', import.meta.url));
export const SCENARIO_DIR = join(HERE, 'scenarios');
export const TRANSCRIPT_DIR = join(HERE, 'transcripts');

const CHUNKINGS: readonly Chunking[] = ['whole', 'bytes', 'split', 'blocks'];

/** `{"$repeat": "ab", "times": 3}` anywhere in a data file stands for "ababab" (huge payloads stay small on disk). */
function expand(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(expand);
  if (value && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    if (typeof o.$repeat === 'string' && typeof o.times === 'number' && Object.keys(o).length === 2)
      return o.$repeat.repeat(o.times);
    return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, expand(v)]));
  }
  return value;
}

function readJson(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new Error(`scenario data ${file} is unreadable: ${(err as Error).message} (kit defect)`);
  }
}

function resolveExpect(spec: ScenarioSpec, file: string): Expectation {
  if (typeof spec.expect !== 'string') return spec.expect;
  if (!/^@[a-z0-9-]+$/.test(spec.expect))
    throw new Error(`${file}: ${spec.id}: bad transcript reference ${spec.expect}`);
  return readJson(join(TRANSCRIPT_DIR, `${spec.expect.slice(1)}.json`)) as Expectation;
}

function check(spec: ScenarioSpec, file: string): void {
  const where = `${file}: ${spec.id ?? '(no id)'}`;
  if (!/^[a-z]+\.[a-z0-9.-]+$/.test(spec.id ?? '')) throw new Error(`${where}: the id must be a lowercase dotted slug`);
  if (!Array.isArray(spec.requirements) || spec.requirements.length === 0)
    throw new Error(`${where}: cites no requirement`);
  if (spec.request?.endpoint !== 'hub' && spec.request?.endpoint !== 'portable')
    throw new Error(`${where}: request.endpoint must be hub or portable`);
  for (const c of spec.chunkings ?? []) if (!CHUNKINGS.includes(c)) throw new Error(`${where}: unknown chunking ${c}`);
}

/** Every scenario of the kit, in section order, one per chunking. */
export function loadScenarios(dir = SCENARIO_DIR): Scenario[] {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort((a, b) => Number.parseInt(a, 10) - Number.parseInt(b, 10));
  const out: Scenario[] = [];
  for (const name of files) {
    const file = readJson(join(dir, name)) as ScenarioFile;
    for (const spec of file.scenarios) {
      check(spec, name);
      const expect = expand(resolveExpect(spec, name)) as Expectation;
      const response = expand(spec.response) as Scenario['response'];
      const request = expand(spec.request) as Scenario['request'];
      const chunkings = spec.chunkings ?? [];
      for (const chunking of chunkings.length > 0 ? chunkings : (['whole'] as const)) {
        out.push({
          id: chunkings.length > 0 ? `${spec.id}.${chunking}` : spec.id,
          title: chunkings.length > 0 ? `${spec.title} (${chunking})` : spec.title,
          section: file.section,
          requirements: spec.requirements,
          request,
          response,
          chunking,
          expect,
          judge: spec.judge ?? {},
        });
      }
    }
  }
  const ids = out.map((s) => s.id);
  const dup = ids.find((id, i) => ids.indexOf(id) !== i);
  if (dup) throw new Error(`scenario id ${dup} is used twice (kit defect)`);
  return out;
}

/** How each chunking writes the body, completing "the hub answers … written …". */
export const CHUNKING_TITLES: Record<Chunking, string> = {
  whole: 'in one piece',
  bytes: 'one byte at a time',
  split: 'cut inside every CR LF pair and UTF-8 character and after every colon',
  blocks: 'in 16 KiB pieces',
};

/** Section titles of the scenario files, keyed by section number. */
export function sectionTitles(dir = SCENARIO_DIR): Record<string, string> {
  const titles: Record<string, string> = {};
  for (const name of readdirSync(dir).filter((f) => f.endsWith('.json'))) {
    const file = readJson(join(dir, name)) as ScenarioFile;
    titles[file.section] = file.title;
  }
  return titles;
}

let cached: Scenario[] | undefined;
/** The kit's catalogue, loaded once. */
export function scenarios(): Scenario[] {
  cached ??= loadScenarios();
  return cached;
}
