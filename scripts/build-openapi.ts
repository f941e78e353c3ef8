/**
 * Writes spec/openapi-3.1.yaml, the 3.1 twin of spec/openapi.yaml. `--check` regenerates in
 * memory and fails when the committed file differs, so the twin can never drift.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { relative } from 'node:path';
import { TWIN_PATH, twinText } from './openapi/twin.ts';

const check = process.argv.includes('--check');
const text = twinText();
const shown = relative(process.cwd(), TWIN_PATH);
const current = existsSync(TWIN_PATH) ? readFileSync(TWIN_PATH, 'utf8') : undefined;

if (current === text) console.log(`${shown}: up to date`);
else if (check) {
  console.error(`${shown} is ${current === undefined ? 'missing' : 'out of date'}. Run: npm run build:openapi`);
  process.exit(1);
} else {
  writeFileSync(TWIN_PATH, text);
  console.log(`${shown}: written (${text.length} characters)`);
}
