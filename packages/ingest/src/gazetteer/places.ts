import { BoundedMemo, closestName } from '@kb/domain';
import { aliasTable, fold } from './fold.js';

// Countries of the corpus (Afghan missions abroad) with their ISO 3166-1 alpha-2 codes, which open
// a mission id. A country missing here still works: its id starts with the slug of the name.
const COUNTRIES = {
  Afghanistan: { code: 'af', aliases: [] },
  Tajikistan: { code: 'tj', aliases: ['Tadzhikistan', 'Tojikiston'] },
  Uzbekistan: { code: 'uz', aliases: ["O'zbekiston", 'Uzbekiston'] },
  Turkmenistan: { code: 'tm', aliases: ['Turkmenia'] },
  Kazakhstan: { code: 'kz', aliases: ['Qazaqstan'] },
  Kyrgyzstan: { code: 'kg', aliases: ['Kyrgyz Republic', 'Kirghizia'] },
  China: { code: 'cn', aliases: ["People's Republic of China", 'PRC'] },
  Iran: { code: 'ir', aliases: ['Islamic Republic of Iran', 'Persia'] },
  Pakistan: { code: 'pk', aliases: ['Islamic Republic of Pakistan'] },
  Russia: { code: 'ru', aliases: ['Russian Federation'] },
  Qatar: { code: 'qa', aliases: ['State of Qatar'] },
  Turkey: { code: 'tr', aliases: ['Türkiye', 'Turkiye', 'Republic of Turkey'] },
  'United Arab Emirates': { code: 'ae', aliases: ['UAE', 'U.A.E.', 'Emirates'] },
  'Saudi Arabia': { code: 'sa', aliases: ['KSA'] },
  India: { code: 'in', aliases: ['Bharat'] },
  Germany: { code: 'de', aliases: ['Deutschland'] },
  'United Kingdom': { code: 'gb', aliases: ['UK', 'U.K.', 'Britain', 'Great Britain'] },
  'United States': { code: 'us', aliases: ['USA', 'U.S.', 'US', 'United States of America'] },
} as const satisfies Record<string, { code: string; aliases: readonly string[] }>;

type CountryName = keyof typeof COUNTRIES;

const countryByAlias = aliasTable(
  Object.fromEntries(Object.entries(COUNTRIES).map(([n, c]) => [n, c.aliases])) as unknown as Record<
    CountryName,
    readonly string[]
  >,
);
const countryByCode = new Map<string, CountryName>(
  (Object.entries(COUNTRIES) as [CountryName, { code: string }][]).map(([n, c]) => [c.code, n]),
);

/** Spellings of the same city: transliterations of Tajik, Uzbek, Turkmen, Persian and Russian names. */
const CITIES = {
  Khorog: ['Khorugh', 'Khorogh', 'Xorugh', 'Horog'],
  Dushanbe: ['Dushanbeh', 'Stalinabad'],
  Termez: ['Termiz', 'Tirmiz', 'Tirmidh'],
  Tashkent: ['Toshkent', 'Tashkand'],
  Ashgabat: ['Ashkhabad', 'Ashgabad', 'Asgabat', 'Aşgabat', 'Ashabad'],
  Almaty: ['Alma-Ata', 'Almaata'],
  Bishkek: ['Frunze'],
  Beijing: ['Peking'],
  Tehran: ['Teheran'],
  Mashhad: ['Meshed', 'Mashad'],
  Islamabad: [],
  Peshawar: [],
  Moscow: ['Moskva'],
  Doha: [],
  Istanbul: ['İstanbul'],
  Dubai: ['Dubayy'],
} as const satisfies Record<string, readonly string[]>;

const cityByAlias = aliasTable<string>(CITIES);

export interface Country {
  readonly name: string;
  /** The id prefix: the ISO code when known, else the slug of the name. */
  readonly code: string;
  readonly known: boolean;
}

/** Resolves a country as written to its display name and id code. */
export function resolveCountry(written: string): Country {
  const name = countryByAlias.get(fold(written));
  if (name !== undefined) return { name, code: COUNTRIES[name].code, known: true };
  return { name: written.trim(), code: fold(written), known: false };
}

/** The country for an id code, when the code is one of the table's. */
export function countryOfCode(code: string): Country | null {
  const name = countryByCode.get(code);
  return name === undefined ? null : { name, code, known: true };
}

export interface City {
  /** Display name: the table's spelling when known, else as written (trimmed). */
  readonly name: string;
  /** The id fragment: the slug of the canonical spelling. */
  readonly slug: string;
  /** Other spellings of the same city, recorded as the mission's aliases. */
  readonly aliases: readonly string[];
  /** Whether the table knows the city (else it is taken as written). */
  readonly known: boolean;
}

/** Resolves a city as written: Khorog, Khorugh and Khorogh give the same slug, `khorog`. */
export function resolveCity(written: string): City {
  const canonical = cityByAlias.get(fold(written));
  if (canonical === undefined)
    return { name: written.trim(), slug: fold(written), aliases: [], known: false };
  const aliases = (CITIES as Record<string, readonly string[]>)[canonical] ?? [];
  return { name: canonical, slug: fold(canonical), aliases, known: true };
}

/**
 * For a place the tables do not know: the table's place one or two slips away, which the writer most
 * likely meant ("Tadjikistan" for Tajikistan); null when none is that close. Such a place is taken
 * as written and makes a mission of its own, so a slip would split one mission in two.
 */
export function likelyPlace(kind: 'country' | 'city', written: string): string | null {
  // A file names the same few places on line after line: each is compared with the tables once.
  return likelyPlaces.get(`${kind}:${written}`, () => closestPlace(kind, written));
}

const likelyPlaces = new BoundedMemo<string | null>(10_000);

function closestPlace(kind: 'country' | 'city', written: string): string | null {
  const match = closestName(written.trim(), kind === 'country' ? COUNTRY_SPELLINGS : CITY_SPELLINGS);
  if (match === null) return null;
  return kind === 'country'
    ? (countryByAlias.get(fold(match)) ?? null)
    : (cityByAlias.get(fold(match)) ?? null);
}

/** Every spelling the tables know, names and aliases, to compare a place they do not know with. */
const COUNTRY_SPELLINGS: readonly string[] = Object.entries(COUNTRIES).flatMap(([name, c]) => [
  name,
  ...c.aliases,
]);
const CITY_SPELLINGS: readonly string[] = Object.entries(CITIES).flatMap(([name, aliases]) => [
  name,
  ...aliases,
]);
