// How long a kb command takes as a user runs it, start-up included: `kb mission Khorog` on the demo
// store, as a whole process (node packages/cli/bin/kb.js), alternating between the two ways the
// binary loads its code:
// - cli.bundled_mission_ms: from the bundle kept in node_modules/.cache/kb-cli (bin/bundled-entry.js),
//   made before the timed runs;
// - its baseline: the same command with KB_RUN_SOURCES=1, the TypeScript sources through tsx.
// The ratio is bundled over sources (lower is better). Runs is fixed; BENCH_SCALE does not change it.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { bundledEntry } from '../../packages/cli/bin/bundled-entry.js';
import type { BenchContext, BenchResult } from '../lib/bench-types.js';
import { median } from '../lib/timing.js';
import { workDir } from '../lib/work-dir.js';

export const owns = ['cli.bundled_mission_ms'];

const KB = fileURLToPath(new URL('../../packages/cli/bin/kb.js', import.meta.url));
const RUNS = 9;
const exec = promisify(execFile);

/** Wall time of one kb process, in ms; fails when kb does. */
async function timed(args: readonly string[], env: NodeJS.ProcessEnv): Promise<number> {
  const start = performance.now();
  await exec(process.execPath, [KB, ...args], { env });
  return performance.now() - start;
}

export async function run(ctx: BenchContext): Promise<BenchResult[]> {
  const { dir, remove } = workDir('cli');
  try {
    const store = join(dir, 'kb.sqlite');
    const bundle = await bundledEntry();
    if (bundle === null) throw new Error('no bundle of kb could be made (bin/bundled-entry.js)');
    await timed(['demo', '--store', store], process.env);
    const args = ['mission', 'Khorog', '--store', store];
    const sourcesEnv = { ...process.env, KB_RUN_SOURCES: '1' };
    const bundled: number[] = [];
    const sources: number[] = [];
    // One of each first, unmeasured: the read models caught up, tsx's own cache warm.
    await timed(args, process.env);
    await timed(args, sourcesEnv);
    for (let i = 0; i < RUNS; i++) {
      bundled.push(await timed(args, process.env));
      sources.push(await timed(args, sourcesEnv));
    }
    const value = median(bundled);
    const baseline = median(sources);
    ctx.log(
      `[bench] cli: kb mission Khorog, median of ${RUNS}: bundled ${value.toFixed(0)} ms, sources through tsx ${baseline.toFixed(0)} ms`,
    );
    return [{ name: 'cli.bundled_mission_ms', value, unit: 'ms', baseline, ratio: value / baseline }];
  } finally {
    remove();
  }
}
