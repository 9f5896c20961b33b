// The shapes a benchmark suite shares with the runner.

/** One figure, beside the baseline measured in the same run. `ratio` is value / baseline. */
export interface BenchResult {
  readonly name: string;
  readonly value: number;
  readonly unit: string;
  readonly baseline: number;
  readonly ratio: number;
  /** The ratio this figure should reach (at least), for the printed table only. */
  readonly target?: number;
}

export interface BenchContext {
  /** Multiplies workload sizes: `BENCH_SCALE=0.1` for a quick run; 1 by default. */
  readonly scale: number;
  /** A progress line on stderr, so stdout stays the table. */
  log(message: string): void;
}

/** A suite: a file in bench/suites exporting `run`. */
export interface BenchSuite {
  run(ctx: BenchContext): Promise<BenchResult[]>;
}

/** The record written to bench/results.json. */
export type StoredResult = Pick<BenchResult, 'name' | 'value' | 'unit' | 'baseline' | 'ratio'>;
