import { describe, expect, it, vi } from 'vitest';
import { createLineIndex } from '../../src/sse/line-index.ts';
import { corpusSuite } from './corpus-suite.ts';
import { fuzzSuite } from './fuzz-suite.ts';

// Runtimes without WebAssembly SIMD (or with it disabled, as under --jitless) read every byte
// chunk byte by byte: run the byte suites again with the line index unavailable.
vi.mock('../../src/sse/line-index.ts', async (original) => ({
  ...(await original<typeof import('../../src/sse/line-index.ts')>()),
  createLineIndex: () => undefined,
}));

describe('without a line index', () => {
  it('really has none', () => {
    expect(createLineIndex()).toBeUndefined();
  });
});

corpusSuite('SSE corpus, byte input, no WebAssembly', false);
fuzzSuite('SSE parser against the reference, no WebAssembly', false);
