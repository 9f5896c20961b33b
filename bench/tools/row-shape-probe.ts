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
// appends these batches at 35,000 to 39,000 events/s here, so 3 times that needs 8.5 to 9.5 µs an event or
// less. Not part of `npm run bench`: it answers a design question (docs/architecture.md).
import { hash } from 'node:crypto';
import { join } from 'node:path';
import { GENESIS_HASH } from '../../packages/store/src/integrity/chain-hash.js';
import { claimEvents } from '../lib/claim-fixtures.js';
import { median, settle } from '../lib/timing.js';
import { workDir } from '../lib/work-dir.js';
import { bareSide, openMirrored } from '../peers/bare-side.js';
import { type BenchSide, oursSide, type PlannedCall, type Settings } from '../peers/bench-sides.js';
import { APPEND100_SHAPE, plan } from '../peers/peer-workloads.js';
import { appendRun, ourSettings } from '../peers/side-runs.js';

const { streams, callsPerStream, size } = APPEND100_SHAPE;
const EVENTS = streams * callsPerStream * size;
const ROUNDS = 5;

/** One row per call; with `chained`, each event's hash over the one before, kept in the row. */
function packedSide(ours: Settings, chained: boolean): BenchSide<PlannedCall> {
  return {
    name: chained ? 'row per append, hashed' : 'row per append',
    prepare: (call) => call,
    async open(file) {
      const db = openMirrored(file, ours);
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

async function main(): Promise<void> {
  const { dir, remove } = workDir('row-shape-probe');
  try {
    const workload = plan('append100', 'appends of 100', claimEvents(EVENTS), APPEND100_SHAPE);
    const ours = await ourSettings(dir);
    // Each side prepares its own calls; as in the peer bench, the list holds them as one type.
    const sides: readonly BenchSide<unknown>[] = [
      bareSide(ours) as BenchSide<unknown>,
      packedSide(ours, false) as BenchSide<unknown>,
      packedSide(ours, true) as BenchSide<unknown>,
      oursSide as BenchSide<unknown>,
    ];
    /** µs an event, per round. */
    const times = new Map<string, number[]>([
      ['serialise', []],
      ...sides.map((s) => [s.name, []] as [string, number[]]),
    ]);
    for (let round = 0; round < ROUNDS; round += 1) {
      await settle();
      const start = performance.now();
      for (const call of workload.calls) for (const event of call.events) JSON.stringify(event.data);
      times.get('serialise')!.push(((performance.now() - start) * 1000) / EVENTS);
      for (const side of sides) {
        const file = join(dir, `${side.name.replaceAll(/\W+/g, '-')}.sqlite`);
        // appendRun starts each round on a fresh file.
        times.get(side.name)!.push(1e6 / (await appendRun(side, workload, file)));
      }
    }
    console.log(`${ROUNDS} rounds of ${EVENTS} events (appends of ${size}), medians in µs an event:`);
    const label: Record<string, string> = { bare: 'row per event', ours: 'store' };
    for (const [name, us] of times)
      console.log(`  ${(label[name] ?? name).padEnd(24)} ${median(us).toFixed(2)}`);
  } finally {
    remove();
  }
}

await main();
