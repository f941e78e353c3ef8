/**
 * Child process for the durability and multi-process tests: opens the store at argv[2] with the
 * SQLite driver named by argv[3], prints "ready", waits for a line on stdin, then appends argv[6]
 * one-block writes to session argv[5] of owner argv[4], printing each block id only after its
 * write was acknowledged (committed).
 */
import { createInterface } from 'node:readline';
import {
  isDriver,
  probeSqliteDriver,
  type SqliteDriverName,
} from '../../../reference-server/storage/sqlite-drivers.ts';
import { openSqliteStore } from '../../../reference-server/storage/sqlite-store.ts';

const [path, driverName, owner, sessionId, countArg, label = 'w'] = process.argv.slice(2);
if (!path || !driverName || !owner || !sessionId || !countArg)
  throw new Error('usage: durability-writer <db> <driver> <owner> <session> <count> [label]');

const driver = probeSqliteDriver(driverName as SqliteDriverName);
if (!isDriver(driver)) throw new Error(`driver ${driverName} does not load: ${driver.reason}`);
const store = openSqliteStore(path, driver);
process.stdout.write('ready\n');
const go = createInterface({ input: process.stdin });
await new Promise<void>((resolve) => go.once('line', () => resolve()));
go.close();

for (let i = 0; i < Number(countArg); i++) {
  const blocks = await store.addBlocks(owner, sessionId, [{ type: 'note', content: `${label}-${i}` }]);
  if (!blocks?.[0]) throw new Error('session not visible to the writer');
  process.stdout.write(`${blocks[0].id}\n`);
}
await store.close();
