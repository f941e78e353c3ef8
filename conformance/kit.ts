/**
 * The kit's name and version. Read through the package's own name, so the lookup holds both in the source tree and
 * in the compiled dist/; kept apart from the runner so `aip-conformance --version` loads nothing else.
 */
import { createRequire } from 'node:module';

const pkg = createRequire(import.meta.url)('aip-kit/package.json') as { name: string; version: string };

export const KIT = { name: pkg.name, version: pkg.version };
