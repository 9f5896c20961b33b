// A separate process writing a store as another kb would while a test reads it: appends one event of
// about 500 bytes a transaction to the file named on the command line, checkpointing on its thread
// every 40 pages or so (so the file and its -wal both change under a reader), and prints
// `committed <events in the log>` after each, until it is killed. Usage: live-writer.ts FILE
import { randomUUID } from 'node:crypto';
import { openSqliteStore } from '@kb/store';

const [path] = process.argv.slice(2);
if (path === undefined) throw new Error('usage: live-writer.ts FILE');
const store = openSqliteStore({ path, checkpointPages: 40 });
const text = 'a wire service said who holds the crossing. '.repeat(11);
for (let n = 0; ; n++) {
  await store.append(`writer-${n % 5}`, [
    { id: randomUUID(), type: 'WriterTested', version: 1, data: { n, text } },
  ]);
  process.stdout.write(`committed ${store.headPosition()}\n`);
}
