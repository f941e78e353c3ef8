/**
 * Child process for the durability and multi-process tests: opens the store at argv[2], prints
 * "ready", waits for a line on stdin, then appends argv[5] one-block writes to session argv[4] of
 * owner argv[3], printing each block id only after its write was acknowledged (committed).
 */
import { createInterface } from 'node:readline';
import { openSqliteStore } from '../../../reference-server/storage/sqlite-store.ts';

const [path, owner, sessionId, countArg, label = 'w'] = process.argv.slice(2);
if (!path || !owner || !sessionId || !countArg)
  throw new Error('usage: durability-writer <db> <owner> <session> <count> [label]');

const store = openSqliteStore(path);
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
