// A separate process for the multi-process test: appends `count` events, one transaction each, to
// a shared stream of the file named on the command line. Usage: sqlite-append-worker.ts FILE NAME COUNT
import { randomUUID } from 'node:crypto';
import { openSqliteStore } from './sqlite-event-store.js';

const [path, name, count] = process.argv.slice(2);
if (path === undefined || name === undefined || count === undefined) {
  throw new Error('usage: sqlite-append-worker.ts FILE NAME COUNT');
}
const store = openSqliteStore({ path });
for (let i = 0; i < Number(count); i++) {
  await store.append('shared', [{ id: randomUUID(), type: 'WorkerAppended', version: 1, data: { name, i } }]);
}
await store.close();
