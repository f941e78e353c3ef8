/**
 * Builds the documentation into out/docs/: api.html (Redocly, from spec/openapi.yaml, with the
 * Redoc scripts inlined so that it renders offline), spec.html (spec/aip-0.1.0.md as a standalone
 * page), schemas.html (docs/using-the-schemas.md) and index.html linking them. Redocly runs with telemetry and update checks off.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AIP_VERSION } from '../src/protocol/common.ts';
import { indexPage, specPage } from './openapi/pages.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const OUT = join(ROOT, 'out', 'docs');
const SPEC_SOURCE = join('spec', `aip-${AIP_VERSION}.md`);
const SCHEMAS_SOURCE = join('docs', 'using-the-schemas.md');
const REDOCLY = join(ROOT, 'node_modules', '.bin', 'redocly');

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

mkdirSync(OUT, { recursive: true });

const api = join(OUT, 'api.html');
const redocly = spawnSync(REDOCLY, ['build-docs', join('spec', 'openapi.yaml'), '--inlineBundle', '--output', api], {
  cwd: ROOT,
  encoding: 'utf8',
  env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
});
if (redocly.status !== 0)
  fail(`redocly build-docs failed (exit ${redocly.status ?? redocly.signal}):\n${redocly.stdout}${redocly.stderr}`);

if (!existsSync(join(ROOT, SPEC_SOURCE))) fail(`${SPEC_SOURCE} does not exist; nothing to render as spec.html`);
const spec = specPage(readFileSync(join(ROOT, SPEC_SOURCE), 'utf8'), SPEC_SOURCE);
writeFileSync(join(OUT, 'spec.html'), spec.html);
const schemas = specPage(readFileSync(join(ROOT, SCHEMAS_SOURCE), 'utf8'), SCHEMAS_SOURCE);
writeFileSync(join(OUT, 'schemas.html'), schemas.html);
writeFileSync(join(OUT, 'index.html'), indexPage(AIP_VERSION));

for (const [file, note] of [
  ['index.html', 'links every page'],
  ['api.html', 'HTTP API reference (Redoc, scripts inlined)'],
  ['spec.html', `${SPEC_SOURCE}: ${spec.headings} headings, ${spec.requirementIds} requirement ids`],
  ['schemas.html', `${SCHEMAS_SOURCE}: ${schemas.headings} headings`],
] as const) {
  const path = join(OUT, file);
  console.log(`${relative(process.cwd(), path)}  ${(statSync(path).size / 1024).toFixed(1)} KiB  ${note}`);
}
