// A separate process for the checkpoint crash test: appends batches of BATCH events of about 1 KB,
// one transaction each, to the file named on the command line, with a checkpoint thread asked for
// every few pages, and prints `committed <events in the log> <checkpoints done>` after each batch,
// until it is killed. Usage: sqlite-checkpoint-writer.ts FILE BATCH
import { randomUUID } from 'node:crypto';
import { openSqliteStore } from './sqlite-event-store.js';

const [path, size] = process.argv.slice(2);
if (path === undefined || size === undefined)
  throw new Error('usage: sqlite-checkpoint-writer.ts FILE BATCH');
const BATCH = Number(size);
const store = openSqliteStore({ path, checkpointPages: 20 });
const text = 'a claim reported by an outlet, quoted at length. '.repeat(20);
let batch = 0;
for (;;) {
  const events = Array.from({ length: BATCH }, (_, n) => ({
    id: randomUUID(),
    type: 'CheckpointTested',
    version: 1,
    data: { batch, n, text },
  }));
  await store.append(`writer-${batch % 7}`, events);
  batch++;
  process.stdout.write(`committed ${store.headPosition()} ${store.checkpointStats()?.checkpoints ?? 0}\n`);
}
