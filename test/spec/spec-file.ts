import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Paths of the spec material the tests read, and the spec text itself. */
export const ROOT = join(import.meta.dirname, '..', '..');
export const SPEC_PATH = join(ROOT, 'spec', 'aip-0.1.0.md');
export const REGISTRY_PATH = join(ROOT, 'src', 'requirements', 'registry.json');
export const EXAMPLES_DIR = join(ROOT, 'spec', 'examples');

export function specText(): string {
  return readFileSync(SPEC_PATH, 'utf8');
}
