// A child process for the crash-safety test: ingests FILE into the SQLite store STORE and prints one
// line per committed batch, after the batch's transaction has returned, its fields named:
//   committed batch=<n> first=<first line> last=<last line> added=<n> skipped=<n> rejected=<n>
// (parseCommitted reads it back), and at the end `done <added> <skipped> <rejected> <events>`.
// Usage: tsx ingest-child.ts STORE FILE BATCH_SIZE [RUN_ID]

import { openSqliteStore } from '@kb/store';
import { ingest } from '../ingest/run/ingest.js';

const [storePath, file, batchSize, runId] = process.argv.slice(2);
if (storePath === undefined || file === undefined || batchSize === undefined) {
  throw new Error('usage: ingest-child.ts STORE FILE BATCH_SIZE [RUN_ID]');
}
const store = openSqliteStore({ path: storePath });
const report = await ingest(store, file, {
  batchSize: Number(batchSize),
  ...(runId === undefined ? {} : { runId }),
  onBatch: (b) => {
    process.stdout.write(
      `committed batch=${b.batch} first=${b.firstLine} last=${b.lastLine} added=${b.added} skipped=${b.skipped} rejected=${b.rejected}\n`,
    );
  },
});
await store.close();
process.stdout.write(
  `done ${report.added} ${report.skipped} ${report.rejectedLines} ${report.eventsAppended}\n`,
);
