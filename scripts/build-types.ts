/**
 * Writes src/generated/openapi.ts from spec/openapi.yaml. `--check` regenerates in memory and
 * fails when the committed file differs, so the types can never drift from the description.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { GENERATED_TYPES_URL, generateTypes } from './openapi/generate-types.ts';

const GENERATED_TYPES_PATH = fileURLToPath(GENERATED_TYPES_URL);

const check = process.argv.includes('--check');
const text = await generateTypes();
const shown = relative(process.cwd(), GENERATED_TYPES_PATH);
const current = existsSync(GENERATED_TYPES_PATH) ? readFileSync(GENERATED_TYPES_PATH, 'utf8') : undefined;

if (check) {
  if (current !== text) {
    console.error(
      `${shown} is ${current === undefined ? 'missing' : 'out of date'} with spec/openapi.yaml. Run: npx tsx scripts/build-types.ts`,
    );
    process.exit(1);
  }
  console.log(`${shown}: up to date`);
} else if (current === text) {
  console.log(`${shown}: unchanged`);
} else {
  mkdirSync(dirname(GENERATED_TYPES_PATH), { recursive: true });
  writeFileSync(GENERATED_TYPES_PATH, text);
  console.log(`${shown}: written (${text.length} characters)`);
}
