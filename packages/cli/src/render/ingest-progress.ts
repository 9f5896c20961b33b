import type { IngestProgress } from '@kb/ingest';
import type { ProgressSink } from './progress.js';

/**
 * Shows an ingest's progress on `bar`, by bytes of the input: its counts in full, and shorter for a
 * narrower terminal. Beside the graph and the time left on 80 columns: what the records did (added,
 * already present, rejected), without the lines read, which the percentage stands for. On 40: the
 * lines read and the rejected only.
 */
export function showIngestProgress(bar: ProgressSink, p: IngestProgress): void {
  bar.update(
    p.bytes,
    p.totalBytes,
    `${p.lines} lines: ${p.added} added, ${p.skipped} already present, ${p.rejected} rejected`,
    [
      `${p.added} added, ${p.skipped} present, ${p.rejected} rejected`,
      `${p.lines} lines, ${p.rejected} rejected`,
    ],
  );
}
