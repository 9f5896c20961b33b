// Ingest of claim records from an NDJSON file, in a child process so its peak memory is its own:
// - ingest.ratio_to_raw: records/s of `ingest` (JSON parse, schema, EDTF dates, alias resolution,
//   dedupe, deterministic ids, hash chain, SQLite) into a fresh store, over records/s of plain
//   better-sqlite3 INSERTs of as many rows as the ingest appended (claims and registrations), 100
//   per transaction, with the same pragmas, the record's JSON as the row's data;
// - ingest.peak_rss_mb: the child's peak resident set size while ingesting; must not grow with the file.
// 1M records by default; BENCH_SCALE shrinks it. Run this file directly with `--child FILE DB` to ingest.
import { once } from 'node:events';
import { createWriteStream, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { deterministicId } from '@kb/store';
import BetterSqlite3 from 'better-sqlite3';
import type { BenchContext, BenchResult } from '../lib/bench-types.js';
import { runChild } from '../lib/run-child.js';
import { opsPerSecond, settle, timeMs } from '../lib/timing.js';
import { workDir } from '../lib/work-dir.js';

export const owns = ['ingest.ratio_to_raw', 'ingest.peak_rss_mb'];

const RECORDS = 1_000_000;
const BATCH = 100;
const MISSIONS = 5_000;
const REPORTS = 20_000;
const OUTLETS = 100;
const COUNTRIES = [
  'Tajikistan',
  'Uzbekistan',
  'Turkmenistan',
  'Iran',
  'Pakistan',
  'Russia',
  'Qatar',
  'Turkey',
];
const CONTROLLERS = [
  'taliban',
  'republic',
  'Islamic Emirate of Afghanistan',
  'host-government',
  'unknown',
  'none',
];
const DATES = [
  '2023-03-23',
  '2023-03',
  '2022-22',
  '../2022-08',
  'earlier',
  'unknown',
  '2022-03~',
  '2022-06/2022-08',
];
const KINDS = ['visit', 'handover', 'takeover', 'appointment', 'control', 'statement'];
const STANCES = ['asserts', 'denies', 'confirms', 'disputes'];
const QUOTE =
  'A delegation led by the head of the ministry’s finance and administrative affairs office had traveled to the ' +
  'Afghan consulate and “reviewed the activities of the consulate and also sent a report on the reconstruction ' +
  'of the consulate compound to MoFA.”';

/** Claim record `i` of the generated file: the same for the same i, every run. */
export function benchRecord(i: number): Record<string, unknown> {
  const m = i % MISSIONS;
  const r = i % REPORTS;
  const o = r % OUTLETS;
  return {
    id: `bench-${i}`,
    mission: {
      country: COUNTRIES[m % COUNTRIES.length],
      city: `City ${m}`,
      kind: m % 3 === 0 ? 'consulate' : 'embassy',
    },
    kind: KINDS[i % KINDS.length],
    stance: STANCES[i % STANCES.length],
    controller: CONTROLLERS[i % CONTROLLERS.length],
    occurred: DATES[i % DATES.length],
    claimant: i % 2 === 0 ? 'Taliban Foreign Ministry spokesman' : 'an Afghan diplomatic source',
    ...(i % 3 === 0 ? { via: [{ name: `Outlet ${(o + 1) % OUTLETS}`, relation: 'cites' }] } : {}),
    ...(i % 4 === 1 ? { respondsTo: `bench-${i - 1}` } : {}),
    source: {
      outlet: `Outlet ${o}`,
      url: `https://outlet-${o}.example/2023/report-${r}`,
      title: `Report ${r}`,
      published: `2023-0${(r % 3) + 3}-${String((r % 28) + 1).padStart(2, '0')}`,
    },
    quote: `${QUOTE} (${i})`,
  };
}

async function writeFile(path: string, count: number): Promise<void> {
  const out = createWriteStream(path);
  for (let i = 0; i < count; i++) {
    if (!out.write(`${JSON.stringify(benchRecord(i))}\n`)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

function rawInsert(path: string, count: number, rows: number): void {
  const db = new BetterSqlite3(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.exec(`CREATE TABLE raw_events (
    position INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, stream TEXT NOT NULL, revision INTEGER NOT NULL,
    type TEXT NOT NULL, version INTEGER NOT NULL, data TEXT NOT NULL, metadata TEXT NOT NULL,
    recorded_at TEXT NOT NULL, UNIQUE (stream, revision)) STRICT`);
  const insert = db.prepare(
    'INSERT INTO raw_events (position, id, stream, revision, type, version, data, metadata, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const metadata = JSON.stringify({ ingestRunId: 'bench', correlationId: 'bench' });
  const batch = db.transaction((from: number) => {
    const recordedAt = new Date().toISOString();
    for (let i = from; i < Math.min(from + BATCH, rows); i++) {
      // The same ids the ingest derives: random-looking UUIDs cost the id index what they cost the store.
      const claim = i < count ? `bench-${i}` : `registration-${i}`;
      const id = deterministicId('ClaimRecorded', claim);
      insert.run(
        i + 1,
        id,
        `claim-${claim}`,
        0,
        'ClaimRecorded',
        2,
        JSON.stringify(benchRecord(i % count)),
        metadata,
        recordedAt,
      );
    }
  });
  for (let from = 0; from < rows; from += BATCH) batch(from);
  db.close();
}

export async function run(ctx: BenchContext): Promise<BenchResult[]> {
  const count = Math.max(BATCH, Math.round(RECORDS * ctx.scale));
  const work = workDir('ingest');
  try {
    const file = join(work.dir, 'claims.ndjson');
    await writeFile(file, count);
    ctx.log(`[ingest] ${count} claim records, ${Math.round(statSync(file).size / 1e6)} MB of NDJSON`);
    await settle();
    const child = await runChild(fileURLToPath(import.meta.url), [
      '--child',
      file,
      join(work.dir, 'kb.sqlite'),
    ]);
    const result = JSON.parse(child.stdout) as {
      ms: number;
      added: number;
      eventsAppended: number;
      rejected: number;
    };
    if (result.added !== count || result.rejected !== 0) {
      throw new Error(`ingest added ${result.added} of ${count} records, rejected ${result.rejected}`);
    }
    await settle();
    const rawMs = await timeMs(() => rawInsert(join(work.dir, 'raw.sqlite'), count, result.eventsAppended));
    const value = opsPerSecond(count, result.ms);
    const baseline = opsPerSecond(count, rawMs);
    ctx.log(
      `[ingest] ${Math.round(value)} records/s (${result.eventsAppended} events in ${Math.round(result.ms)} ms) vs raw ` +
        `${Math.round(baseline)} (${Math.round(rawMs)} ms); peak RSS ${Math.round(child.peakRssMb)} MB`,
    );
    return [
      {
        name: 'ingest.ratio_to_raw',
        value,
        unit: 'records/s',
        baseline,
        ratio: value / baseline,
        target: { ratioAtLeast: 0.4 },
      },
      // Baseline 400 MB, the ceiling: a ratio under 1 meets it.
      {
        name: 'ingest.peak_rss_mb',
        value: child.peakRssMb,
        unit: 'MB',
        baseline: 400,
        ratio: child.peakRssMb / 400,
        target: { valueBelow: 400 },
      },
    ];
  } finally {
    work.remove();
  }
}

async function child(file: string, dbPath: string): Promise<void> {
  const { openKnowledgeBase } = await import('@kb/ingest');
  const kb = await openKnowledgeBase({ store: dbPath });
  const start = process.hrtime.bigint();
  // With a signal, as `kb ingest` runs it (its Ctrl-C handling): the figures are the command's.
  const report = await kb.ingest(file, { signal: new AbortController().signal });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  await kb.close();
  process.stdout.write(
    JSON.stringify({
      ms,
      added: report.added,
      eventsAppended: report.eventsAppended,
      rejected: report.rejectedLines,
    }),
  );
}

if (process.argv[2] === '--child' && import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  await child(process.argv[3]!, process.argv[4]!);
}
