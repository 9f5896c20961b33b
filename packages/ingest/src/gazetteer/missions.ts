import type { MissionKind, MissionRegisteredV1 } from '@kb/domain';
import type { MissionPlace, MissionRef } from '../records/claim-record.js';
import { fold } from './fold.js';
import { countryOfCode, resolveCity, resolveCountry } from './places.js';

const KIND_LABEL: Record<MissionKind, string> = {
  embassy: 'Embassy',
  consulate: 'Consulate',
  'consulate-general': 'Consulate general',
  'permanent-mission': 'Permanent mission',
  other: 'Mission',
};
// Longest first, so `…-consulate-general` is not read as a consulate in a city called "…-general".
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
  return `${resolveCountry(place.country).code}-${resolveCity(place.city).slug}-${place.kind}`;
}

/** Resolves a mission written as an object or as an id; ids in the `<code>-<city>-<kind>` shape are expanded. */
export function resolveMission(ref: MissionRef): ResolvedMission {
  if (typeof ref !== 'string') return fromPlace(ref);
  const parsed = parseMissionId(ref);
  return parsed === null ? { missionId: fold(ref), registration: null } : fromPlace(parsed);
}

function fromPlace(place: MissionPlace): ResolvedMission {
  const country = resolveCountry(place.country);
  const city = resolveCity(place.city);
  const missionId = `${country.code}-${city.slug}-${place.kind}`;
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

// `tj-khorugh-consulate` -> Tajikistan, Khorugh, consulate. Only ids opening with a known country
// code are expanded; anything else is taken as the id of a mission registered before.
function parseMissionId(id: string): MissionPlace | null {
  const slug = fold(id);
  const code = slug.slice(0, 2);
  const country = countryOfCode(code);
  if (country === null || slug[2] !== '-') return null;
  for (const kind of KINDS_BY_SUFFIX) {
    if (!slug.endsWith(`-${kind}`)) continue;
    const citySlug = slug.slice(3, slug.length - kind.length - 1);
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
