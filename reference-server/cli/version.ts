import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describeDriver, findSqliteDriver, SqliteUnavailableError } from '../storage/sqlite-drivers.ts';

/**
 * The kit's version, from the nearest package.json named aip-kit above this file: found the same
 * way whether the server runs from the source tree or from compiled output one level deeper.
 */
export function kitVersion(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: unknown; version?: unknown };
      if (pkg.name === 'aip-kit' && typeof pkg.version === 'string') return pkg.version;
    } catch {
      // No package.json at this level (or not JSON): keep climbing.
    }
    const parent = dirname(dir);
    if (parent === dir) return 'unknown';
    dir = parent;
  }
}

/** `aip-server --version`: the kit, the Node.js it runs on, and the SQLite driver it would store with. */
export function versionText(): string {
  const driver = findSqliteDriver();
  const storage = driver instanceof SqliteUnavailableError ? `none\n${driver.message}` : describeDriver(driver);
  return `aip-server ${kitVersion()}\nNode.js ${process.versions.node}\nstorage: ${storage}\n`;
}
