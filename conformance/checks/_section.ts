/**
 * The checks of one spec section. A check file is named `<section>-<prefix>.ts` (`08-invoke.ts`):
 * the number is the spec section every check in it verifies, and the name is the prefix of every
 * check id in it, so a reader finds a check's code from its id and a section's checks from the spec.
 */
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Check, CheckSpec } from '../types.ts';

const FILE_NAME = /^(\d+)-([a-z][a-z-]*)\.(?:ts|js)$/;

export function sectionChecks(moduleUrl: string, specs: CheckSpec[]): Check[] {
  const file = basename(fileURLToPath(moduleUrl));
  const parts = FILE_NAME.exec(file);
  if (!parts) throw new Error(`check file ${file} is not named <section>-<prefix>.ts (kit defect)`);
  const section = String(Number(parts[1]));
  const prefix = `${parts[2]}.`;
  for (const spec of specs) {
    if (!spec.id.startsWith(prefix))
      throw new Error(`check ${spec.id} lives in ${file}, so its id must start with "${prefix}" (kit defect)`);
  }
  return specs.map((spec) => ({ ...spec, section }));
}
