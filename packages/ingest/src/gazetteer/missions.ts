import { BoundedMemo, closestName, ID_MAX, type MissionKind, type MissionRegisteredV1 } from '@kb/domain';
import type { MissionPlace, MissionRef } from '../records/claim-record.js';
import { fold } from './fold.js';
import {
  type City,
  type Country,
  countryOfCode,
  likelyPlace,
  resolveCity,
  resolveCountry,
} from './places.js';

const KIND_LABEL: Record<MissionKind, string> = {
  embassy: 'Embassy',
  consulate: 'Consulate',
  'consulate-general': 'Consulate general',
  'permanent-mission': 'Permanent mission',
  other: 'Mission',
};
// Longest first, so that a kind ending with another kind's name would be tried before it (none does
// today: `-consulate-general` does not end with `-consulate`); it also orders closestName's ties.
const KINDS_BY_SUFFIX = (Object.keys(KIND_LABEL) as MissionKind[]).sort((a, b) => b.length - a.length);

/** What a mission reference resolves to: its id, and what to register if the store has not seen it. */
export interface ResolvedMission {
  readonly missionId: string;
  /** The registration event's data; null when the reference was an id we cannot expand (it must exist). */
  readonly registration: MissionRegisteredV1 | null;
}

/**
 * The mission id of a place: `<country code>-<city>-<kind>`, with the city through the alias table.
 * @example missionId({ country: 'Tajikistan', city: 'Khorugh', kind: 'consulate' }) // 'tj-khorog-consulate'
 */
export function missionIdOf(place: Pick<MissionPlace, 'country' | 'city' | 'kind'>): string {
  return idOf(resolveCountry(place.country), resolveCity(place.city), place.kind);
}

/** `<country code>-<city>-<kind>`, from a country and city already resolved. */
function idOf(country: Country, city: City, kind: string): string {
  return `${country.code}-${city.slug}-${kind}`;
}

/** Resolves a mission written as an object or as an id; ids in the `<code>-<city>-<kind>` shape are expanded. */
export function resolveMission(ref: MissionRef): ResolvedMission {
  if (typeof ref !== 'string') return fromPlace(ref);
  const parsed = parseMissionId(ref);
  return parsed === null ? { missionId: fold(ref), registration: null } : fromPlace(parsed);
}

/** What reading a place written as an object found: what stops it, and what it likely meant. */
export interface PlaceReading {
  readonly problems: { field: 'country' | 'city'; message: string }[];
  /** A country or city the tables do not know, though one of theirs is a slip away: taken as written. */
  readonly slips: { field: 'country' | 'city'; written: string; likely: string }[];
}

/**
 * Reads a place written as an object. What stops it from making a mission id of its own: a country
 * or city (unless the tables know it) with letters the id cannot hold, which would fold to nothing
 * or to what other names fold to (Хорог and Душанбе would both make `tj--consulate`), or an id past
 * the limit. Letters of the Latin script lose only their accents, so those are taken as written, and
 * a place the tables do not know is compared with theirs for a slip ("Tadjikistan").
 */
export function readPlace(place: MissionPlace): PlaceReading {
  // The tables never change during a run, so a place is read once: an input names each mission on
  // many lines, and a place the tables do not know is compared with all of theirs.
  const key = JSON.stringify([place.country, place.city, place.kind]);
  return placesRead.get(key, () => Object.freeze(readPlaceAnew(place)));
}

const placesRead = new BoundedMemo<PlaceReading>(10_000);

function readPlaceAnew(place: MissionPlace): PlaceReading {
  const problems: PlaceReading['problems'] = [];
  const slips: PlaceReading['slips'] = [];
  const country = resolveCountry(place.country);
  const city = resolveCity(place.city);
  for (const [field, written, known] of [
    ['country', place.country, country.known],
    ['city', place.city, city.known],
  ] as const) {
    if (known) continue;
    const message = unfoldable(written);
    if (message !== null) {
      problems.push({ field, message });
      continue;
    }
    const likely = likelyPlace(field, written);
    if (likely !== null) slips.push({ field, written, likely });
  }
  if (problems.length > 0) return { problems, slips };
  const id = idOf(country, city, place.kind);
  if (id.length > ID_MAX)
    problems.push({
      field: city.slug.length >= country.code.length ? 'city' : 'country',
      message: `the mission id made from it would be ${id.length} characters long, and an id takes at most ${ID_MAX}: write a shorter spelling here, and the whole name as the mission's name`,
    });
  return { problems, slips };
}

/** Why a name cannot be part of an id, or null: no letters a to z or digits, or letters of another script. */
function unfoldable(written: string): string | null {
  const other = [...written.normalize('NFKD')].filter(
    (c) => /[\p{L}\p{N}]/u.test(c) && !/\p{Script=Latin}|[0-9]/u.test(c),
  );
  if (fold(written) === '')
    return `${JSON.stringify(written)} has no letters a to z or digits to make the mission's id from: write it in Latin letters`;
  if (other.length > 0)
    return `${JSON.stringify(written)} has letters the mission's id cannot hold (${[...new Set(other)].slice(0, 5).join('')}), so other names would make the same id: write it in Latin letters`;
  return null;
}

function fromPlace(place: MissionPlace): ResolvedMission {
  const country = resolveCountry(place.country);
  const city = resolveCity(place.city);
  const missionId = idOf(country, city, place.kind);
  const written = place.city.trim();
  const aliases = [...city.aliases];
  if (fold(written) !== city.slug && !aliases.some((a) => fold(a) === fold(written))) aliases.push(written);
  return {
    missionId,
    registration: {
      missionId: missionId as MissionRegisteredV1['missionId'],
      name: place.name ?? `${KIND_LABEL[place.kind]} in ${city.name}`,
      kind: place.kind,
      country: country.name,
      city: city.name,
      aliases,
    },
  };
}

/**
 * For a mission id in the `<code>-<city>-<kind>` shape, expanded as a place: a city the table does
 * not know, though one of its cities is one or two slips away (`tj-khorgo-consulate`), as readPlace
 * finds one in a place written as an object. Written is the city as the id (folded) gives it.
 */
export function idSlips(id: string): PlaceReading['slips'] {
  const parsed = parseMissionId(id);
  if (parsed === null) return [];
  const citySlug = cityOfId(fold(id), parsed.kind);
  if (resolveCity(citySlug).known) return [];
  const likely = likelyPlace('city', citySlug);
  return likely === null ? [] : [{ field: 'city', written: citySlug, likely }];
}

/**
 * For an id that opens with a country code of the table but ends in no mission kind: the id with
 * its last word (or two) as the kind one or two slips away (`tj-dushanbe-embasy` ->
 * `tj-dushanbe-embassy`), its city as the table spells it when it knows it or one a slip away;
 * null when no kind is that close.
 */
export function likelyMissionId(id: string): string | null {
  const slug = fold(id);
  const code = slug.slice(0, 2);
  if (countryOfCode(code) === null || slug[2] !== '-' || parseMissionId(id) !== null) return null;
  const words = slug.slice(3).split('-');
  for (const n of [2, 1]) {
    if (words.length <= n) continue;
    const kind = closestName(words.slice(-n).join('-'), KINDS_BY_SUFFIX);
    if (kind === null) continue;
    const written = words.slice(0, -n).join('-');
    const city = resolveCity(written);
    const likely = city.known ? null : likelyPlace('city', written);
    return `${code}-${city.known ? city.slug : likely === null ? written : fold(likely)}-${kind}`;
  }
  return null;
}

/** The city's words of a mission id in the `<code>-<city>-<kind>` shape, folded. */
function cityOfId(slug: string, kind: string): string {
  return slug.slice(3, slug.length - kind.length - 1);
}

// `tj-khorugh-consulate` -> Tajikistan, Khorugh, consulate. Only ids opening with a known country
// code are expanded; anything else is taken as the id of a mission registered before.
function parseMissionId(id: string): MissionPlace | null {
  const slug = fold(id);
  const code = slug.slice(0, 2);
  const country = countryOfCode(code);
  if (country === null || slug[2] !== '-') return null;
  for (const kind of KINDS_BY_SUFFIX) {
    if (!slug.endsWith(`-${kind}`)) continue;
    const citySlug = cityOfId(slug, kind);
    if (citySlug === '') return null;
    const city = resolveCity(citySlug);
    return { country: country.name, city: city.name === citySlug ? titleCase(citySlug) : city.name, kind };
  }
  return null;
}

function titleCase(slug: string): string {
  return slug
    .split('-')
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join(' ');
}
