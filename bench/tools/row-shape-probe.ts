// Would storing each append as one row, instead of one row per event, bring appends of 100 events
// to 3 times the peer? `npx tsx --expose-gc bench/tools/row-shape-probe.ts` runs the peer bench's
// append100 workload (100 streams, 5 appends of 100 claim events each) on fresh files with our
// store's settings, in alternating rounds, and prints the medians in µs an event of:
//   - serialise: JSON.stringify of each event's data, nothing else;
//   - row per event: the peer bench's bare ceiling (bare-side.ts), six columns, (stream, revision);
//   - row per append: the same events serialised and joined into one row per call, one JSON array
//     of data, one of types, the call's metadata once, with the (stream, first revision) index;
//   - the same with each event's chain hash computed and kept in the row, as a log that
//     `kb verify` can check event by event must (over the type and data only, a shorter text than
//     the store's envelope with id, stream, positions and time, so the bound is generous);
//   - store: `store.append`, as the peer bench calls it.
// The two shapes without checks bound from above what a store of that shape could reach. The peer
// appends these batches at 37,000 to 39,000 events/s here, so 3 times that needs 9 µs an event or
// less. Not part of `npm run bench`: it answers a design question (docs/architecture.md).
import { hash } from 'node:crypto';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { GENESIS_HASH } from '../../packages/store/src/integrity/hash-chain.js';
import { claimEvents } from '../lib/claim-fixtures.js';
import { median, settle } from '../lib/timing.js';
import { workDir } from '../lib/work-dir.js';
import { bareSide } from '../peers/bare-side.js';
import {
  type BenchSide,
  MIRRORED_PRAGMAS,
  oursSide,
  type PlannedCall,
  type Settings,
} from '../peers/bench-sides.js';
import { APPEND100_SHAPE, plan } from '../peers/peer-workloads.js';

const { streams, callsPerStream, size } = APPEND100_SHAPE;
const EVENTS = streams * callsPerStream * size;
const ROUNDS = 5;

/** One row per call; with `chained`, each event's hash over the one before, kept in the row. */
function packedSide(ours: Settings, chained: boolean): BenchSide<PlannedCall> {
  return {
    name: chained ? 'row per append, hashed' : 'row per append',
    prepare: (call) => call,
    async open(file) {
      const db = new BetterSqlite3(file);
      db.pragma('journal_mode = WAL');
      for (const name of MIRRORED_PRAGMAS) db.pragma(`${name} = ${ours[name]}`);
      db.exec(`CREATE TABLE appends (
        position INTEGER PRIMARY KEY, stream TEXT NOT NULL, revision INTEGER NOT NULL,
        count INTEGER NOT NULL, types TEXT NOT NULL, data TEXT NOT NULL, metadata TEXT NOT NULL,
        hashes TEXT NOT NULL, UNIQUE (stream, revision)) STRICT`);
      const insert = db.prepare('INSERT INTO appends VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
      let position = 0;
      let last = GENESIS_HASH;
      const append = db.transaction((call: PlannedCall) => {
        const data: string[] = [];
        const types: string[] = [];
        const hashes: string[] = [];
        for (const event of call.events) {
          const json = JSON.stringify(event.data);
          data.push(json);
          types.push(event.type);
          if (chained) {
            last = hash('sha256', `${last}\n${event.type}\n${json}`, 'hex');
            hashes.push(last);
          }
        }
        const metadata = JSON.stringify(call.events[0]?.metadata ?? {});
        insert.run(
          position + 1,
          call.stream,
          call.before,
          call.events.length,
          JSON.stringify(types),
          `[${data.join(',')}]`,
          metadata,
          hashes.join(''),
        );
        position += call.events.length;
      });
      return {
        settings: async () => ours,
        async append(call) {
          append.immediate(call);
        },
        replay: async () => position,
        async close() {
          db.close();
        },
      };
    },
  };
}

/** A side ready to time: each call opens a fresh file under `dir` and appends every call to it. */
function timed<P>(side: BenchSide<P>, calls: readonly PlannedCall[], dir: string) {
  const prepared = calls.map((call) => side.prepare(call));
  let files = 0;
  return {
    name: side.name,
    async time(): Promise<number> {
      files += 1;
      const open = await side.open(join(dir, `${side.name.replaceAll(/\W+/g, '-')}-${files}.sqlite`));
      await settle();
      const start = performance.now();
      for (const call of prepared) await open.append(call);
      const ms = performance.now() - start;
      await open.close();
      return ms;
    },
  };
}

async function main(): Promise<void> {
  const { dir, remove } = workDir('row-shape-probe');
  try {
    const workload = plan('append100', 'appends of 100', claimEvents(EVENTS), APPEND100_SHAPE);
    const probe = await oursSide.open(join(dir, 'settings.sqlite'));
    const ours = await probe.settings();
    await probe.close();
    const sides = [
      timed(bareSide(ours), workload.calls, dir),
      timed(packedSide(ours, false), workload.calls, dir),
      timed(packedSide(ours, true), workload.calls, dir),
      timed(oursSide, workload.calls, dir),
    ];
    const times = new Map<string, number[]>([
      ['serialise', []],
      ...sides.map((s) => [s.name, []] as [string, number[]]),
    ]);
    for (let round = 0; round < ROUNDS; round += 1) {
      await settle();
      const start = performance.now();
      for (const call of workload.calls) for (const event of call.events) JSON.stringify(event.data);
      times.get('serialise')!.push(performance.now() - start);
      for (const side of sides) times.get(side.name)!.push(await side.time());
    }
    console.log(`${ROUNDS} rounds of ${EVENTS} events (appends of ${size}), medians in µs an event:`);
    const label: Record<string, string> = { bare: 'row per event', ours: 'store' };
    for (const [name, ms] of times)
      console.log(`  ${(label[name] ?? name).padEnd(24)} ${((median(ms) * 1000) / EVENTS).toFixed(2)}`);
  } finally {
    remove();
  }
}

await main();
