// Timed runs of one bench side (bench-sides.ts) on a scratch file, shared by the peer bench and the
// tools that explain its figures (bench/tools/row-shape-probe.ts).
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { settle } from '../lib/timing.js';
import { type BenchSide, type OpenSide, oursSide, type Settings } from './bench-sides.js';
import type { Workload } from './peer-workloads.js';

export function removeDatabase(file: string): void {
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${file}${suffix}`, { force: true });
}

/** Events per second of one timed section. */
export async function timed(events: number, section: () => Promise<number | undefined>): Promise<number> {
  // Garbage from the previous section is collected first (run.sh passes --expose-gc).
  await settle();
  const start = performance.now();
  const seen = await section();
  const seconds = (performance.now() - start) / 1000;
  if (seen !== undefined && seen !== events)
    throw new Error(`a replay saw ${seen} events, ${events} were appended`);
  return events / seconds;
}

/** Appends a workload's calls, one after another, to a fresh file; returns events/s. */
export async function appendRun<P>(side: BenchSide<P>, workload: Workload, file: string): Promise<number> {
  removeDatabase(file);
  const prepared = workload.calls.map((call) => side.prepare(call));
  const writer = await side.open(file);
  const rate = await timed(workload.events, async () => {
    for (const call of prepared) await writer.append(call);
    return undefined;
  });
  await writer.close();
  return rate;
}

/** Replays a file `passes` times, from a new connection each pass, as a process starting up would; returns events/s. */
export async function replayRuns<P>(
  side: BenchSide<P>,
  events: number,
  file: string,
  passes: number,
): Promise<number[]> {
  const rates: number[] = [];
  for (let pass = 0; pass < passes; pass += 1) {
    const reader: OpenSide<P> = await side.open(file);
    rates.push(await timed(events, () => reader.replay()));
    await reader.close();
  }
  return rates;
}

/** Opens our store on a scratch file to read the settings it gives its connection. */
export async function ourSettings(dir: string): Promise<Settings> {
  const file = join(dir, 'settings.sqlite');
  const store = await oursSide.open(file);
  const settings = await store.settings();
  await store.close();
  removeDatabase(file);
  return settings;
}
