import { BoundedMemo, slugify } from '@kb/domain';

/**
 * The comparison key for a name: case, accents, punctuation and spacing folded away, so
 * "Khorog", "KHOROG" and "Khoróg" meet. Transliteration variants need the alias tables on top.
 * @example fold('Aşgabat') // 'asgabat'
 */
export function fold(name: string): string {
  // Ingest folds the same few hundred names over and over; a bounded memo keeps that cheap.
  return folds.get(name, foldAnew);
}

// slugify treats the letters NFKD does not decompose as punctuation; the dotless i is mapped first.
// The others (ł, ø, ß...) are left so: mapping them now would give stored missions a second id.
const foldAnew = (name: string): string => slugify(name.replace(/[ıİ]/g, 'i').replace(/[ʻʼ'’`]/g, ''));
const folds = new BoundedMemo<string>(10_000);

/** Builds an alias table keyed by folded name, refusing an alias that would point at two entries. */
export function aliasTable<T extends string>(
  entries: Readonly<Record<T, readonly string[]>>,
): Map<string, T> {
  const table = new Map<string, T>();
  for (const [canonical, aliases] of Object.entries(entries) as [T, readonly string[]][]) {
    for (const alias of [canonical, ...aliases]) {
      const key = fold(alias);
      const existing = table.get(key);
      if (existing !== undefined && existing !== canonical) {
        throw new Error(`alias "${alias}" names both "${existing}" and "${canonical}"`);
      }
      table.set(key, canonical);
    }
  }
  return table;
}
