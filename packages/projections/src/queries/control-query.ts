/**
 * A query over the three time axes; each is optional and an absent one cuts nothing.
 * - `at`: world day W. Keeps claims that certainly or possibly happened by W (each account says which).
 * - `knownAt`: publication cutoff K. Keeps claims whose report was certainly published by K.
 * - `recordedAt`: recorded cutoff R, an ISO timestamp or a day (the end of that day, UTC). Keeps only
 *   what the store had recorded by R: the auditor's replay.
 */
export interface ControlQuery {
  readonly at?: string;
  readonly knownAt?: string;
  readonly recordedAt?: string;
}

/** A query argument that cannot be read; names the field and what was expected. */
export class InvalidQueryError extends Error {
  override readonly name = 'InvalidQueryError';
  constructor(
    readonly field: keyof ControlQuery,
    readonly value: string,
    readonly expected: string,
  ) {
    super(`query.${field} = "${value}": expected ${expected}`);
  }
}

/** The query with its cutoffs checked and the recorded cutoff turned into epoch milliseconds. */
export interface ResolvedQuery {
  readonly at: string | null;
  readonly knownAt: string | null;
  readonly recordedBy: number | null;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** Checks a query and resolves its recorded cutoff; a day means the last millisecond of that day, UTC. */
export function resolveQuery(query: ControlQuery = {}): ResolvedQuery {
  for (const field of ['at', 'knownAt'] as const) {
    const value = query[field];
    if (value !== undefined && !DAY.test(value))
      throw new InvalidQueryError(field, value, 'a day as YYYY-MM-DD');
  }
  let recordedBy: number | null = null;
  if (query.recordedAt !== undefined) {
    const text = DAY.test(query.recordedAt) ? `${query.recordedAt}T23:59:59.999Z` : query.recordedAt;
    recordedBy = Date.parse(text);
    if (Number.isNaN(recordedBy)) {
      throw new InvalidQueryError(
        'recordedAt',
        query.recordedAt,
        'an ISO 8601 timestamp or a day as YYYY-MM-DD',
      );
    }
  }
  return { at: query.at ?? null, knownAt: query.knownAt ?? null, recordedBy };
}

/** True when a fact stamped at `recordedAt` was in the store by the cutoff (always, without one). */
export function recordedBy(stamp: { readonly recordedAt: string }, cutoff: number | null): boolean {
  return cutoff === null || Date.parse(stamp.recordedAt) <= cutoff;
}
