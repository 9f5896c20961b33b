import { resolveQuery } from '@kb/projections';
import type { QueryOptions } from '../args/parse-args.js';

/** One line saying on which time axes an answer was cut, so no reader mistakes a replay for today. */
export function describeQuery(query: QueryOptions): string {
  const parts = [
    query.at ? `world time up to ${query.at}` : 'all world time',
    query.knownAt ? `reports published by ${query.knownAt}` : 'every report',
    query.recordedAt ? `as the knowledge base stood at ${query.recordedAt}` : 'everything recorded so far',
  ];
  return parts.join('; ');
}

/** The projections' query object, with only the axes the user named. */
export function toControlQuery(query: QueryOptions): { at?: string; knownAt?: string; recordedAt?: string } {
  return {
    ...(query.at ? { at: query.at } : {}),
    ...(query.knownAt ? { knownAt: query.knownAt } : {}),
    ...(query.recordedAt ? { recordedAt: query.recordedAt } : {}),
  };
}

/**
 * The replay an answer was cut to, for --json beside what the text says in "Replayed to": each axis
 * as given (null when not: that axis cuts nothing), a --recorded-at timestamp in UTC, and
 * `recordedBy`, the last instant the recorded cutoff takes in (a day means its end, UTC).
 */
export function replayScope(query: QueryOptions): {
  at: string | null;
  knownAt: string | null;
  recordedAt: string | null;
  recordedBy: string | null;
} {
  const { recordedBy } = resolveQuery(toControlQuery(query));
  return {
    at: query.at,
    knownAt: query.knownAt,
    recordedAt: query.recordedAt,
    recordedBy: recordedBy === null ? null : new Date(recordedBy).toISOString(),
  };
}
