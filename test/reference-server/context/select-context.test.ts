import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { selectContext } from '../../../reference-server/context/select-context.ts';
import type { AssemblyRequest } from '../../../reference-server/storage/store.ts';
import { toRequest, toStoredBlock, type FixtureBlock } from './fixture-blocks.ts';

interface Fixture {
  title: string;
  sessionBlocks: FixtureBlock[] | null;
  enrichmentBlocks?: FixtureBlock[];
  request: Partial<AssemblyRequest>;
  expected:
    | { blockIds: string[]; droppedBlockIds: string[]; tokenCount: number }
    | { error: { blockId: string; field: string } };
}

const dir = new URL('./fixtures/', import.meta.url);
const fixtures = readdirSync(dir)
  .filter((name) => name.endsWith('.json'))
  .sort()
  .map((name) => ({ name, ...(JSON.parse(readFileSync(new URL(name, dir), 'utf8')) as Fixture) }));

describe('selectContext fixtures', () => {
  it('has fixtures to run', () => {
    expect(fixtures.length).toBeGreaterThan(40);
  });

  it.each(fixtures)('$name: $title', ({ sessionBlocks, enrichmentBlocks, request, expected }) => {
    const outcome = selectContext(
      {
        sessionBlocks: sessionBlocks && sessionBlocks.map(toStoredBlock),
        enrichmentBlocks: (enrichmentBlocks ?? []).map(toStoredBlock),
      },
      toRequest(request),
    );
    if ('error' in expected) {
      expect(outcome).toEqual({ ok: false, code: 'block_not_found', ...expected.error });
      return;
    }
    if (!outcome.ok) throw new Error(`unexpected ${outcome.code} for ${outcome.blockId} at ${outcome.field}`);
    expect({
      blockIds: outcome.context.blocks.map((b) => b.id),
      droppedBlockIds: outcome.context.droppedBlockIds,
      tokenCount: outcome.context.tokenCount,
    }).toEqual(expected);
  });
});
