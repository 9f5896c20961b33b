/**
 * Folds text for matching: accents stripped, lower case, runs of other characters to one space.
 * @example searchKey('Khorugh (Хоруғ)') === searchKey('khorugh (хоруғ)')
 */
export function searchKey(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** Everything a mission can be found by, folded, one per line (so a match never spans two names). */
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
    .map(searchKey)
    .filter((n) => n !== '')
    .join('\n');
}

/** True when the folded query occurs in one of the folded names. */
export function matchesSearchText(text: string, query: string): boolean {
  const q = searchKey(query);
  if (q === '') return false;
  return text.split('\n').some((name) => name.includes(q));
}
