// How long single appends pause as the log grows:
// `npx tsx bench/tools/append-pauses.ts [EVENTS] [--no-checkpoint-thread]` (default 3,000,000) appends EVENTS events, 100 new streams per appendMany, to a fresh store in
// bench/.work, and prints the rate, the median and 99.9th percentile append, and the five longest
// with the log position they ran at. Not part of `npm run bench`: it takes about 45 s at 3M events,
// and what it shows is a shape (does the worst pause grow with the log?) rather than a ratio.
// --no-checkpoint-thread leaves checkpoints to SQLite inside the commits, as before the store had
// its checkpoint thread, for comparison.
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { openSqliteStore } from '@kb/store';
import { workDir } from '../lib/work-dir.js';

const BATCH = 100;
const PADDING = 'x'.repeat(200);

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const noThread = args.includes('--no-checkpoint-thread');
  const unknown = args.find((a) => a.startsWith('--') && a !== '--no-checkpoint-thread');
  if (unknown !== undefined) throw new Error(`unknown option ${unknown}`);
  const raw = args.find((a) => !a.startsWith('--'));
  const total = raw === undefined ? 3_000_000 : Number(raw);
  if (!Number.isInteger(total) || total < BATCH)
    throw new Error(`EVENTS must be a whole number of at least ${BATCH}, got "${raw}"`);
  const work = workDir('append-pauses');
  const store = openSqliteStore({
    path: join(work.dir, 'kb.sqlite'),
    ...(noThread ? { checkpointPages: Number.POSITIVE_INFINITY } : {}),
  });
  try {
    const pauses: { ms: number; at: number }[] = [];
    const start = performance.now();
    for (let at = 0; at < total; at += BATCH) {
      const writes = Array.from({ length: BATCH }, (_, i) => ({
        stream: `claim-${at + i}`,
        events: [
          { id: randomUUID(), type: 'ClaimRecorded', version: 1, data: { n: at + i, padding: PADDING } },
        ],
        expectedRevision: 'no_stream' as const,
      }));
      const t = performance.now();
      await store.appendMany(writes);
      pauses.push({ ms: performance.now() - t, at });
    }
    const seconds = (performance.now() - start) / 1000;
    const sorted = pauses.map((p) => p.ms).sort((a, b) => a - b);
    const worst = [...pauses].sort((a, b) => b.ms - a.ms).slice(0, 5);
    console.log(
      `${total} events in ${seconds.toFixed(1)} s (${Math.round(total / seconds)} events/s); ` +
        `append of ${BATCH}: median ${sorted[Math.floor(sorted.length / 2)]!.toFixed(2)} ms, ` +
        `p99.9 ${sorted[Math.floor(sorted.length * 0.999)]!.toFixed(1)} ms; longest: ` +
        worst.map((p) => `${p.ms.toFixed(0)} ms at ${p.at}`).join(', '),
    );
  } finally {
    await store.close();
    work.remove();
  }
}

await main();
