// The projections against baselines measured in the same run:
// - asof.scaling_1m_vs_10k: median time of one mission's missionControl at a random world day (and the
//   same publication cutoff), on read models built from 1M claim events over 5,000 missions, divided by
//   the same on 10k claim events over 50 missions. Both logs have 200 claims per mission, so the ratio
//   shows how a query grows with the LOG, not with the mission. Each log is written into a SQLite store
//   and its read models built by the runner (claims in the read models point into that log).
//   Target: at most 2.
// - rebuild.ratio_to_raw: ProjectionRunner.rebuild() over a SQLite store (ranges of the log read from
//   the events table, newest-version claims staged and written in SQL, every other event decoded and
//   folded, the read models and checkpoint written per range of the runner's default size, claim
//   indexes built at the end) in events/s, over a raw `SELECT data` + JSON.parse scan of the same
//   file in events/s. Each side runs in its own child process, 3 times, alternating; medians
//   compared. Target: at least 0.5. How the rebuild reads the log, and where its time goes, is in
//   docs/architecture.md ("Rebuilding").
// - rebuild.peak_rss_mb: the peak RSS of those rebuild children (median), beside the raw scan's.
//   Target: under 500 MB.
// BENCH_SCALE multiplies every event count.
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { seededRandom } from '@kb/ingest/testing';
import { missionControl, openReadModels, ProjectionRunner } from '@kb/projections';
import { openSqliteStore } from '@kb/store';
import BetterSqlite3 from 'better-sqlite3';
import type { BenchContext, BenchResult } from '../lib/bench-types.js';
import { runChild } from '../lib/run-child.js';
import { buildStore, pad } from '../lib/synthetic-log.js';
import { median, settle } from '../lib/timing.js';
import { workDir } from '../lib/work-dir.js';

export const owns = ['asof.scaling_1m_vs_10k', 'rebuild.ratio_to_raw', 'rebuild.peak_rss_mb'];

const SELF = fileURLToPath(import.meta.url);
const QUERIES = 400;
const RUNS = 3;

/**
 * Writes the synthetic log into a SQLite store and builds its read models with the runner (claims in
 * the read models are references into that log); returns the claim count.
 */
async function buildReadModels(path: string, missions: number): Promise<number> {
  await buildStore(path, missions, 7);
  const store = openSqliteStore({ path });
  try {
    await new ProjectionRunner(store, openReadModels(store.database), { chunkSize: 5000 }).catchUp();
    return (store.database.prepare('SELECT count(*) FROM rm_claims').pluck().get() as number) ?? 0;
  } finally {
    await store.close();
  }
}

function randomDay(rand: () => number): string {
  return `${2021 + Math.floor(rand() * 3)}-${pad(1 + Math.floor(rand() * 12))}-${pad(1 + Math.floor(rand() * 28))}`;
}

async function asofScaling(ctx: BenchContext): Promise<BenchResult> {
  const work = workDir('projections-asof');
  try {
    const bigMissions = Math.max(2, Math.round(5000 * ctx.scale));
    const smallMissions = Math.max(1, Math.round(50 * ctx.scale));
    const bigPath = join(work.dir, 'big.sqlite');
    const smallPath = join(work.dir, 'small.sqlite');
    let t = performance.now();
    const bigClaims = await buildReadModels(bigPath, bigMissions);
    ctx.log(
      `[projections] built read models of ${bigClaims} claims (${bigMissions} missions) in ${Math.round(performance.now() - t)} ms`,
    );
    t = performance.now();
    const smallClaims = await buildReadModels(smallPath, smallMissions);
    ctx.log(
      `[projections] built read models of ${smallClaims} claims (${smallMissions} missions) in ${Math.round(performance.now() - t)} ms`,
    );

    const sides = [
      {
        name: 'small',
        models: openReadModels(new BetterSqlite3(smallPath, { readonly: true })),
        missions: smallMissions,
        times: [] as number[],
      },
      {
        name: 'big',
        models: openReadModels(new BetterSqlite3(bigPath, { readonly: true })),
        missions: bigMissions,
        times: [] as number[],
      },
    ];
    const rand = seededRandom(42);
    for (let q = -50; q < QUERIES; q++) {
      // Alternate the two sides so drift (GC, page cache) hits both alike; the first 50 are warm-up.
      for (const side of sides) {
        const mission = `m-${Math.floor(rand() * side.missions)}`;
        const at = randomDay(rand);
        const start = process.hrtime.bigint();
        missionControl(side.models, mission, { at, knownAt: at });
        const ms = Number(process.hrtime.bigint() - start) / 1e6;
        if (q >= 0) side.times.push(ms);
      }
    }
    for (const side of sides) side.models.db.close();
    const small = median(sides[0]!.times);
    const big = median(sides[1]!.times);
    ctx.log(
      `[projections] missionControl median: ${big.toFixed(3)} ms on ${bigClaims} claims, ${small.toFixed(3)} ms on ${smallClaims}`,
    );
    return {
      name: 'asof.scaling_1m_vs_10k',
      value: big,
      unit: 'ms',
      baseline: small,
      ratio: big / small,
      target: { ratioAtMost: 2 },
    };
  } finally {
    work.remove();
  }
}

async function rebuildFigures(ctx: BenchContext): Promise<BenchResult[]> {
  const work = workDir('projections-rebuild');
  try {
    const missions = Math.max(1, Math.round(500 * ctx.scale));
    const path = join(work.dir, 'kb.sqlite');
    const events = await buildStore(path, missions);
    ctx.log(`[projections] store of ${events} events written`);
    const rebuild: { rate: number; rss: number }[] = [];
    const raw: { rate: number; rss: number }[] = [];
    for (let run = 0; run < RUNS; run++) {
      const copy = join(work.dir, `run-${run}.sqlite`);
      copyFileSync(path, copy);
      for (const [mode, into] of [
        ['raw', raw],
        ['rebuild', rebuild],
      ] as const) {
        await settle();
        const child = await runChild(SELF, ['--child', mode, copy]);
        const { count, ms } = JSON.parse(child.stdout) as { count: number; ms: number };
        into.push({ rate: (count * 1000) / ms, rss: child.peakRssMb });
        ctx.log(
          `[projections] ${mode}: ${count} events in ${Math.round(ms)} ms, peak RSS ${Math.round(child.peakRssMb)} MB`,
        );
      }
    }
    const rebuildRate = median(rebuild.map((r) => r.rate));
    const rawRate = median(raw.map((r) => r.rate));
    const rebuildRss = median(rebuild.map((r) => r.rss));
    const rawRss = median(raw.map((r) => r.rss));
    return [
      {
        name: 'rebuild.ratio_to_raw',
        value: rebuildRate,
        unit: 'events/s',
        baseline: rawRate,
        ratio: rebuildRate / rawRate,
        target: { ratioAtLeast: 0.5 },
      },
      {
        name: 'rebuild.peak_rss_mb',
        value: rebuildRss,
        unit: 'MB',
        baseline: rawRss,
        ratio: rebuildRss / rawRss,
        target: { valueBelow: 500 },
      },
    ];
  } finally {
    work.remove();
  }
}

/** Suite entry: the as-of scaling figure, then the rebuild figures. */
export async function run(ctx: BenchContext): Promise<BenchResult[]> {
  const scaling = await asofScaling(ctx);
  const rebuild = await rebuildFigures(ctx);
  return [scaling, ...rebuild];
}

/** Child mode: `--child raw|rebuild <file>` prints {count, ms} on stdout. */
async function child(mode: string, path: string): Promise<void> {
  if (mode === 'raw') {
    const db = new BetterSqlite3(path, { readonly: true });
    const start = performance.now();
    let count = 0;
    for (const data of db.prepare('SELECT data FROM events ORDER BY position').pluck().iterate()) {
      JSON.parse(data as string);
      count += 1;
    }
    process.stdout.write(JSON.stringify({ count, ms: performance.now() - start }));
    db.close();
    return;
  }
  const store = openSqliteStore({ path });
  const models = openReadModels(store.database);
  const start = performance.now();
  const result = await new ProjectionRunner(store, models).rebuild();
  process.stdout.write(JSON.stringify({ count: result.processed, ms: performance.now() - start }));
  await store.close();
}

if (process.argv[1] === SELF && process.argv[2] === '--child') {
  await child(process.argv[3] ?? '', process.argv[4] ?? '');
}
