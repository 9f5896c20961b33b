import { closedUpKey, joinedSearchKey, searchKey } from '@kb/domain';

// The folds themselves are @kb/domain's (text/name-fold.ts), shared with origins and ingest.
export { closedUpKey, joinedSearchKey, searchKey };

/**
 * Everything a mission can be found by, folded, one per line (so a match never spans two names); a
 * name holding a joiner that is part of it twice, as searchKey and as joinedSearchKey fold it, and
 * a name with spaces inside a script written so once more, closed up (closedUpKey).
 */
export function missionSearchText(mission: {
  id: string;
  name: string;
  city: string | null;
  country: string;
  aliases: readonly { alias: string }[];
}): string {
  const names = [
    mission.id,
    mission.name,
    mission.city ?? '',
    mission.country,
    ...mission.aliases.map((a) => a.alias),
  ];
  return names
    .flatMap((name) => {
      const key = searchKey(name);
      return [...new Set([key, joinedSearchKey(name), closedUpKey(key)])];
    })
    .filter((n) => n !== '')
    .join('\n');
}

/**
 * The folded query as the search looks it up: as typed, and closed up (closedUpKey) when that
 * differs, so "سفارت خانه" finds a mission stored as "سفارتخانه". None for a query that folds to nothing.
 */
export function searchKeys(query: string): string[] {
  const q = searchKey(query);
  if (q === '') return [];
  const closed = closedUpKey(q);
  return closed === q ? [q] : [q, closed];
}

/** True when the folded query, as typed or closed up, occurs in one of the folded names. */
export function matchesSearchText(text: string, query: string): boolean {
  const keys = searchKeys(query);
  return text.split('\n').some((name) => keys.some((q) => name.includes(q)));
}
