// bench/results.json is shared by every bench script: each writes its own figures and keeps the
// others', so `npm run bench` and `npm run bench:peers` can run in either order.
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import type { StoredResult } from './bench-types.js';

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

/**
 * Replaces the figures with the same names in `path`, and drops those named in `retired` (figures a
 * bench still owns but no longer produces); keeps the rest, sorted by name. Returns how many the
 * file now holds. A file that is not a JSON array is left as it is and reported.
 */
export function mergeResults(
  path: string,
  figures: readonly StoredResult[],
  retired: Iterable<string> = [],
): number {
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
  const replaced = new Set([...retired, ...figures.map((f) => f.name)]);
  const kept = existing.filter((entry) => !replaced.has(nameOf(entry)));
  // Write beside, then rename: a reader never sees half a file.
  const temporary = `${path}.${process.pid}.tmp`;
  const merged = [...kept, ...figures].sort((a, b) => nameOf(a).localeCompare(nameOf(b)));
  writeFileSync(temporary, `${JSON.stringify(merged, null, 2)}\n`);
  renameSync(temporary, path);
  return merged.length;
}

const nameOf = (entry: unknown): string => {
  const name = (entry as { name?: unknown } | null)?.name;
  return typeof name === 'string' ? name : '';
};
