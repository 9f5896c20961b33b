// The benchmark runner: `npx tsx bench/run.ts [suite...]` (or `npm run bench`). Runs the named
// suites of bench/suites (all of them by default), prints a table, and merges the figures into
// bench/results.json: entries of the suites that ran are replaced, the others kept. A scaled run
// (BENCH_SCALE other than 1) only prints: results.json keeps figures of full-size runs.
import { readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { type BenchContext, type BenchResult, type BenchSuite, checkTarget } from './lib/bench-types.js';
import { mergeResults } from './lib/results-file.js';
import { round } from './lib/timing.js';

const BENCH_DIR = fileURLToPath(new URL('.', import.meta.url));
const SUITES_DIR = join(BENCH_DIR, 'suites');
const RESULTS = join(BENCH_DIR, 'results.json');

function availableSuites(): string[] {
  return readdirSync(SUITES_DIR)
    .filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts'))
    .map((file) => basename(file, '.ts'))
    .sort();
}

function scaleFromEnv(): number {
  const { BENCH_SCALE: raw } = process.env;
  if (raw === undefined || raw === '') return 1;
  const scale = Number(raw);
  if (!(scale > 0)) throw new Error(`BENCH_SCALE must be a positive number, got "${raw}"`);
  return scale;
}

/** The target column: the bound, and ok or MISSED; empty for a figure without a target. */
function targetCell(result: BenchResult): string {
  if (result.target === undefined) return '';
  const { text, met } = checkTarget(result, result.target);
  return `${text}  ${met ? 'ok' : 'MISSED'}`;
}

function printTable(results: readonly BenchResult[]): void {
  const header = ['name', 'value', 'unit', 'baseline', 'ratio', 'target'];
  const rows = results.map((r) => [
    r.name,
    String(round(r.value)),
    r.unit,
    String(round(r.baseline)),
    r.ratio.toFixed(3),
    targetCell(r),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, i) => cell.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  console.log(line(header));
  console.log(line(widths.map((w) => '-'.repeat(w))));
  for (const row of rows) console.log(line(row));
}

async function main(): Promise<void> {
  const known = availableSuites();
  const asked = process.argv.slice(2);
  const unknown = asked.filter((name) => !known.includes(name));
  if (unknown.length > 0) {
    throw new Error(`unknown suite(s): ${unknown.join(', ')}; available: ${known.join(', ')}`);
  }
  const suites = asked.length > 0 ? asked : known;
  const ctx: BenchContext = {
    scale: scaleFromEnv(),
    log: (message) => process.stderr.write(`${message}\n`),
  };
  const fresh: BenchResult[] = [];
  const owned = new Set<string>();
  for (const name of suites) {
    ctx.log(`[bench] ${name} (scale ${ctx.scale})`);
    const suite = (await import(pathToFileURL(join(SUITES_DIR, `${name}.ts`)).href)) as BenchSuite & {
      owns?: readonly string[];
    };
    if (typeof suite.run !== 'function') throw new Error(`bench/suites/${name}.ts does not export run(ctx)`);
    const results = await suite.run(ctx);
    fresh.push(...results);
    for (const figure of suite.owns ?? []) owned.add(figure);
  }
  printTable(fresh);
  if (ctx.scale !== 1) {
    ctx.log(`[bench] scale ${ctx.scale}: figures not written to ${RESULTS}, which keeps full-size runs`);
    return;
  }
  // A suite's old figures go even when it no longer produces them, if it still lists them in `owns`.
  // The table above is printed first: a results file that cannot be read loses no figure.
  const count = mergeResults(
    RESULTS,
    fresh.map(({ name, value, unit, baseline, ratio }) => ({
      name,
      value: round(value),
      unit,
      baseline: round(baseline),
      ratio: Number(ratio.toFixed(3)),
    })),
    owned,
  );
  ctx.log(`[bench] wrote ${count} figures to ${RESULTS}`);
}

await main();
