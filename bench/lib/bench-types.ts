// The shapes a benchmark suite shares with the runner.

/** One figure, beside the baseline measured in the same run. `ratio` is value / baseline. */
export interface BenchResult {
  readonly name: string;
  readonly value: number;
  readonly unit: string;
  readonly baseline: number;
  readonly ratio: number;
  /** What this figure should reach, for the printed table only. */
  readonly target?: Target;
}

/** A figure's target, from its issue: a ratio at least or at most a bound, or a value under one. */
export type Target =
  | { readonly ratioAtLeast: number }
  | { readonly ratioAtMost: number }
  | { readonly valueBelow: number };

/** The target as the table prints it, and whether the figure meets it. */
export function checkTarget(
  result: BenchResult,
  target: Target,
): { readonly text: string; readonly met: boolean } {
  if ('ratioAtLeast' in target)
    return { text: `>= ${target.ratioAtLeast}`, met: result.ratio >= target.ratioAtLeast };
  if ('ratioAtMost' in target)
    return { text: `<= ${target.ratioAtMost}`, met: result.ratio <= target.ratioAtMost };
  return { text: `< ${target.valueBelow} ${result.unit}`, met: result.value < target.valueBelow };
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
