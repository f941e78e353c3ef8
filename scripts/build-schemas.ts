/**
 * Emits one JSON Schema 2020-12 file per wire object and per shared definition into `schemas/`
 * from the TypeBox source, plus the self-contained bundle of all of them.
 * `--check` regenerates in memory and fails when the committed files differ, so the
 * published schemas can never drift from the source.
 */
import { readFileSync, readdirSync, writeFileSync, mkdirSync, existsSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { BUNDLE_FILE, bundleDocument, publishedDocument, publishedStems } from '../src/validate/index.ts';
import { EXTRA_SCHEMAS } from './extra-schemas.ts';

const dir = join(import.meta.dirname, '..', 'schemas');
const check = process.argv.includes('--check');

const expected = new Map<string, string>();
for (const stem of publishedStems())
  expected.set(`${stem}.json`, `${JSON.stringify(publishedDocument(stem), null, 2)}\n`);
expected.set(BUNDLE_FILE, `${JSON.stringify(bundleDocument(), null, 2)}\n`);
for (const [file, doc] of Object.entries(EXTRA_SCHEMAS)) expected.set(file, `${JSON.stringify(doc, null, 2)}\n`);

const present = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.json')) : [];
const problems: string[] = [];
for (const [file, text] of expected) {
  const path = join(dir, file);
  const current = existsSync(path) ? readFileSync(path, 'utf8') : undefined;
  if (current === text) continue;
  if (check) problems.push(current === undefined ? `missing ${file}` : `stale ${file}`);
  else {
    mkdirSync(dir, { recursive: true });
    writeFileSync(path, text);
  }
}
for (const file of present) {
  if (expected.has(file)) continue;
  if (check) problems.push(`unexpected ${file}`);
  else unlinkSync(join(dir, file));
}
if (problems.length > 0) {
  console.error(`schemas/ is out of date (${problems.join(', ')}). Run: npm run build:schemas`);
  process.exit(1);
}
console.log(check ? `schemas/: ${expected.size} files up to date` : `schemas/: wrote ${expected.size} files`);
