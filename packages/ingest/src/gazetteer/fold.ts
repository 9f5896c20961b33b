import { slugify } from '@kb/domain';

/**
 * The comparison key for a name: case, accents, punctuation and spacing folded away, so
 * "Khorog", "KHOROG" and "Khoróg" meet. Transliteration variants need the alias tables on top.
 * @example fold('Aşgabat') // 'asgabat'
 */
export function fold(name: string): string {
  let key = memo.get(name);
  if (key === undefined) {
    // slugify drops the letters NFKD does not decompose (ı, ł, ø, ß...); map them to what they read as.
    key = slugify(name.replace(UNDECOMPOSED, (c) => PLAIN[c]!).replace(/[ʻʼ'’`]/g, ''));
    // Ingest folds the same few hundred names over and over; a bounded memo keeps that cheap.
    if (memo.size >= MEMO_SIZE) memo.clear();
    memo.set(name, key);
  }
  return key;
}

/** Latin letters with no decomposition, as the letters they are read as (Łódź is Lodz, not Odz). */
const PLAIN: Readonly<Record<string, string>> = {
  ı: 'i',
  İ: 'i',
  ł: 'l',
  Ł: 'l',
  ø: 'o',
  Ø: 'o',
  đ: 'd',
  Đ: 'd',
  ð: 'd',
  Ð: 'd',
  ħ: 'h',
  Ħ: 'h',
  ŧ: 't',
  Ŧ: 't',
  ß: 'ss',
  ẞ: 'ss',
  æ: 'ae',
  Æ: 'ae',
  œ: 'oe',
  Œ: 'oe',
  þ: 'th',
  Þ: 'th',
};
const UNDECOMPOSED = new RegExp(`[${Object.keys(PLAIN).join('')}]`, 'g');

const MEMO_SIZE = 10_000;
const memo = new Map<string, string>();

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
