// A child process for the crash-safety test: ingests FILE into the SQLite store STORE and prints one
// line per committed batch, `committed <batch> <lines> <added>`, after the batch's transaction has
// returned. Usage: tsx ingest-child.ts STORE FILE BATCH_SIZE [RUN_ID]

import { openSqliteStore } from '@kb/store';
import { ingest } from '../ingest/ingest.js';

const [storePath, file, batchSize, runId] = process.argv.slice(2);
if (storePath === undefined || file === undefined || batchSize === undefined) {
  throw new Error('usage: ingest-child.ts STORE FILE BATCH_SIZE [RUN_ID]');
}
const store = openSqliteStore({ path: storePath });
const report = await ingest(store, file, {
  batchSize: Number(batchSize),
  ...(runId === undefined ? {} : { runId }),
  onBatch: (batch) => {
    process.stdout.write(`committed ${batch.batch} ${batch.lastLine} ${batch.added}\n`);
  },
});
await store.close();
process.stdout.write(
  `done ${report.added} ${report.skipped} ${report.rejectedLines} ${report.eventsAppended}\n`,
);
