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
