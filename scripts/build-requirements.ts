/**
 * Builds src/requirements/registry.json from the tagged statements of spec/aip-0.1.0.md.
 * `--check` regenerates in memory and fails when the committed registry differs, so the
 * registry can never drift from the spec. A spec that breaks the tagging rules builds nothing.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseSpec, renderRegistry } from '../src/requirements/spec-format.ts';

const root = join(import.meta.dirname, '..');
const specPath = join(root, 'spec', 'aip-0.1.0.md');
const registryPath = join(root, 'src', 'requirements', 'registry.json');
const check = process.argv.includes('--check');

const { requirements, problems } = parseSpec(readFileSync(specPath, 'utf8'));
if (problems.length > 0) {
  for (const p of problems) console.error(`spec/aip-0.1.0.md:${p.line}: ${p.kind}: ${p.message}`);
  console.error(`${problems.length} tagging problem(s); fix the spec, then run: npm run build:requirements`);
  process.exit(1);
}

const text = renderRegistry(requirements);
const current = existsSync(registryPath) ? readFileSync(registryPath, 'utf8') : undefined;
if (check) {
  if (current !== text) {
    console.error(
      `src/requirements/registry.json is ${current === undefined ? 'missing' : 'out of date'}. Run: npm run build:requirements`,
    );
    process.exit(1);
  }
  console.log(`src/requirements/registry.json: ${requirements.length} requirements up to date`);
} else {
  if (current !== text) writeFileSync(registryPath, text);
  console.log(`src/requirements/registry.json: wrote ${requirements.length} requirements`);
}
