import type { KnowledgeView, MissionRecord } from '@kb/projections';
import { describe, expect, it } from 'vitest';
import { resolveMission } from './mission.js';

const mission = (id: string, name: string, city: string | null, country: string) =>
  ({ id, name, city, country, kind: 'embassy', aliases: [] }) as unknown as MissionRecord;

const missions = [
  mission('m-7', 'Embassy 7', 'Seven', 'Country A'),
  mission('m-70', 'Embassy 70', 'Seventy', 'Country A'),
  mission('tr-istanbul-consulate', 'Consulate in İstanbul', 'İstanbul', 'Turkey'),
  mission('tr-istanbul-embassy-office', 'Embassy office in Istanbul', 'Istanbul', 'Turkey'),
  mission('tj-khorog-consulate', 'Consulate in Khorog', 'Khorog', 'Tajikistan'),
  mission('ae-dubai-consulate', 'Consulate in Dubai', 'Dubai', 'United Arab Emirates'),
];

/** A view that matches as the real one does for these names: any part of id, name, city or country. */
const view = {
  findMissions: (text: string) => {
    const t = text.toLowerCase().replace('i̇', 'i');
    return missions.filter((m) =>
      [m.id, m.name, m.city ?? '', m.country].some((s) => s.toLowerCase().replace('i̇', 'i').includes(t)),
    );
  },
  getMission: (id: string) => missions.find((m) => m.id === id),
  listMissions: () => missions,
} as unknown as KnowledgeView;

describe('resolveMission', () => {
  it('takes the one mission a text matches', () => {
    expect(resolveMission(view, 'Seventy')).toBe('m-70');
  });

  it("takes a mission's whole id, name or city over missions that merely contain it", () => {
    expect(resolveMission(view, 'm-7')).toBe('m-7');
    expect(resolveMission(view, 'embassy 7')).toBe('m-7');
    expect(resolveMission(view, 'seven')).toBe('m-7');
  });

  it('takes a place written "city, country", as kb status shows it, and lists several there', () => {
    expect(resolveMission(view, 'Seven, Country A')).toBe('m-7');
    expect(resolveMission(view, 'seventy,country a')).toBe('m-70');
    expect(() => resolveMission(view, 'Seven, Turkey')).toThrow('no mission matches "Seven, Turkey"');
    expect(() => resolveMission(view, 'Istanbul, Turkey')).toThrow(
      /^"Istanbul, Turkey" matches 2 missions; name one by id:\n {2}tr-istanbul-consulate /,
    );
  });

  it('reads what ingest would: a mission id in another spelling, a country by another name, in either place', () => {
    expect(resolveMission(view, 'tj-khorugh-consulate')).toBe('tj-khorog-consulate');
    expect(resolveMission(view, 'TJ-Khorogh-Consulate')).toBe('tj-khorog-consulate');
    expect(resolveMission(view, 'UAE')).toBe('ae-dubai-consulate');
    expect(resolveMission(view, 'Dubai, UAE')).toBe('ae-dubai-consulate');
    expect(() => resolveMission(view, 'Türkiye')).toThrow(/^"Türkiye" matches 2 missions; name one by id/);
    expect(() => resolveMission(view, 'Istanbul, Türkiye')).toThrow(/matches 2 missions/);
    expect(() => resolveMission(view, 'tj-nowhere-consulate')).toThrow(
      'no mission matches "tj-nowhere-consulate"',
    );
    expect(() => resolveMission(view, 'Dubai, Türkiye')).toThrow('no mission matches "Dubai, Türkiye"');
  });

  it('lists the missions a text names wholly when there are several, else every match', () => {
    expect(() => resolveMission(view, 'Istanbul')).toThrow(
      /"Istanbul" matches 2 missions; name one by id:\n {2}tr-istanbul-consulate .*\n {2}tr-istanbul-embassy-office/,
    );
    expect(() => resolveMission(view, 'Country A')).toThrow(/matches 2 missions/);
    expect(() => resolveMission(view, 'Nowhere')).toThrow('no mission matches "Nowhere"');
  });

  it('suggests the mission a slip or two away, by id, name, city or alias, as kb trace does for claims', () => {
    expect(() => resolveMission(view, 'Khorgo')).toThrow(
      'no mission matches "Khorgo"; did you mean Khorog (tj-khorog-consulate)? kb status lists them all',
    );
    expect(() => resolveMission(view, 'tj-korog-consulate')).toThrow(
      'no mission matches "tj-korog-consulate"; did you mean tj-khorog-consulate?',
    );
    expect(() => resolveMission(view, 'Khorgo, Tajikistan')).toThrow(
      'no mission matches "Khorgo, Tajikistan"; did you mean Khorog (tj-khorog-consulate)?',
    );
    // A name several missions share is suggested without an id.
    expect(() => resolveMission(view, 'Istanbol')).toThrow(/; did you mean (Istanbul|İstanbul)\? kb status/);
    expect(() => resolveMission(view, 'Nowhere')).toThrow(
      'no mission matches "Nowhere"; kb status lists them all',
    );
  });

  it('suggests a mission whose Persian name was typed without its joiner, and with two slips', () => {
    const alias = 'سرکنسول\u200cگری مشهد';
    const consulate = {
      ...mission('ir-mashhad-consulate', 'Consulate General in Mashhad', 'Mashhad', 'Iran'),
      aliases: [{ alias }],
    } as unknown as MissionRecord;
    const persian = {
      findMissions: () => [],
      getMission: (id: string) => (id === consulate.id ? consulate : undefined),
      listMissions: () => [consulate],
    } as unknown as KnowledgeView;
    // Two slips from the name with nothing where its joiner stands, three from it with a space there.
    expect(() => resolveMission(persian, 'سرکنسولگریی مشهدد')).toThrow(
      `no mission matches "سرکنسولگریی مشهدد"; did you mean ${alias} (ir-mashhad-consulate)?`,
    );
  });
  it('takes a Persian city typed closed up as the mission whose city is stored with a space', () => {
    const mazar = mission('af-mazar-consulate', 'Consulate in Mazar-i-Sharif', 'مزار شریف', 'Afghanistan');
    const office = mission('af-mazar-office', 'Office of مزار شریف trade', 'Balkh', 'Afghanistan');
    const persian = {
      findMissions: () => [mazar, office],
      getMission: () => undefined,
      listMissions: () => [mazar, office],
    } as unknown as KnowledgeView;
    expect(resolveMission(persian, 'مزارشریف')).toBe('af-mazar-consulate');
    expect(resolveMission(persian, 'مزار شریف')).toBe('af-mazar-consulate');
    // Two slips from the name closed up, three from it as stored: the hint names it.
    const none = { ...persian, findMissions: () => [] } as unknown as KnowledgeView;
    expect(() => resolveMission(none, 'مزارشریففف')).toThrow(
      'no mission matches "مزارشریففف"; did you mean مزار شریف (af-mazar-consulate)?',
    );
  });
});
