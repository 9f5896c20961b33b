// A separate process for the test of a store's own -wal after a crash (sqlite-wal-not-own.test.ts):
// appends one event of about 500 bytes a transaction to the file named on the command line, with no
// checkpoint thread (so the appends stay in the -wal, well under SQLite's own limit), and prints
// `committed <events in the log>` after each, until it is killed. Usage: sqlite-wal-writer.ts FILE
import { randomUUID } from 'node:crypto';
import { openSqliteStore } from './sqlite-event-store.js';

const [path] = process.argv.slice(2);
if (path === undefined) throw new Error('usage: sqlite-wal-writer.ts FILE');
const store = openSqliteStore({ path, checkpointPages: Number.POSITIVE_INFINITY });
const text = 'an outlet said who holds the consulate. '.repeat(12);
for (let n = 0; ; n++) {
  await store.append(`writer-${n % 5}`, [
    { id: randomUUID(), type: 'WalTested', version: 1, data: { n, text } },
  ]);
  process.stdout.write(`committed ${store.headPosition()}\n`);
}
