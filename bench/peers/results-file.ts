// bench/results.json is shared by every bench script: each writes its own figures and keeps the
// others', so `npm run bench` and `npm run bench:peers` can run in either order.
// bench/run.ts merges its own figures the same way (inline, so not reused from here).
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import type { StoredResult } from '../lib/bench-types.js';

/** Thrown rather than overwriting a results file this code cannot read. */
export class ResultsFileError extends Error {
  override readonly name = 'ResultsFileError';
  constructor(
    readonly path: string,
    reason: string,
    options?: { cause?: unknown },
  ) {
    super(`${path}: ${reason}`, options);
  }
}

/** Replaces the figures with the same names in `path`, keeps the rest; sorted by name, as bench/run.ts writes. */
export function mergeResults(path: string, figures: readonly StoredResult[]): void {
  let existing: unknown[] = [];
  if (existsSync(path)) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(readFileSync(path, 'utf8'));
    } catch (error) {
      throw new ResultsFileError(path, 'is not valid JSON', { cause: error });
    }
    if (!Array.isArray(parsed)) throw new ResultsFileError(path, 'is not a JSON array');
    existing = parsed;
  }
  const replaced = new Set(figures.map((f) => f.name));
  const kept = existing.filter((entry) => !replaced.has(nameOf(entry)));
  // Write beside, then rename: a reader never sees half a file.
  const temporary = `${path}.${process.pid}.tmp`;
  const merged = [...kept, ...figures].sort((a, b) => nameOf(a).localeCompare(nameOf(b)));
  writeFileSync(temporary, `${JSON.stringify(merged, null, 2)}\n`);
  renameSync(temporary, path);
}

const nameOf = (entry: unknown): string => {
  const name = (entry as { name?: unknown } | null)?.name;
  return typeof name === 'string' ? name : '';
};
