import { describe, expect, it } from 'vitest';
import { claimEvent, missionEvent } from '../testing/event-factory.js';
import { MISSION, smallWorld, smallWorldView } from '../testing/small-world.js';
import { missionControl, overview, overviewSummaryOf, UnknownMissionError } from './mission-control.js';

const view = smallWorldView;

describe('the order of the accounts', () => {
  // docs/contested-control.md, section 1: an explicit answer stands where the event it answers
  // does, and the order of the accounts reads the target's date, not the answer's own.
  const visit = claimEvent({
    id: 'visit',
    report: 'report-jan',
    mission: MISSION,
    kind: 'visit',
    controller: 'taliban',
    occurred: '2023-01-05',
  });
  const controlJan15 = claimEvent({
    id: 'control-jan15',
    report: 'report-jan',
    mission: MISSION,
    kind: 'control',
    controller: 'taliban',
    occurred: '2023-01-15',
  });
  const denial = claimEvent({
    id: 'denial',
    report: 'report-feb',
    mission: MISSION,
    kind: 'visit',
    stance: 'denies',
    occurred: '2023-01-20',
    respondsTo: 'visit',
  });

  it('lists a denial made after a later claim beside the claim it denies, at the date of that claim', () => {
    const control = missionControl(view(visit, controlJan15, denial), MISSION);
    expect(control.accounts.map((a) => a.claimId)).toEqual(['visit', 'denial', 'control-jan15']);
    // The denial keeps its own date as written, and says where it is placed.
    const placed = control.accounts[1];
    expect(placed?.occurred).toMatchObject({ text: '2023-01-20' });
    expect(placed?.placedAt).toMatchObject({ claimId: 'visit' });
  });

  it('keeps that order whatever order the claims were recorded in', () => {
    const control = missionControl(view(denial, controlJan15, visit), MISSION);
    expect(control.accounts.map((a) => a.claimId)).toEqual(['visit', 'denial', 'control-jan15']);
  });
});

describe('a mission as of a recorded time', () => {
  // smallWorld's events are recorded one second apart from 2024-01-01T00:00:00.000Z, so the mission
  // is recorded at the second its index in that list gives.
  const missionIndex = smallWorld().findIndex(
    (e) => e.type === 'MissionRegistered' && (e.data as { missionId: string }).missionId === MISSION,
  );
  const missionRecorded = new Date(Date.parse('2024-01-01T00:00:00.000Z') + missionIndex * 1000);
  const justBefore = new Date(missionRecorded.getTime() - 1).toISOString();

  it('is unknown before the mission was recorded, and known from the moment it was', () => {
    expect(missionIndex).toBeGreaterThan(0);
    const v = view();
    expect(() => missionControl(v, MISSION, { recordedAt: justBefore })).toThrow(UnknownMissionError);
    expect(() => missionControl(v, MISSION, { recordedAt: '2024-01-01T00:00:02.000Z' })).toThrow(
      UnknownMissionError,
    );
    expect(() => missionControl(v, MISSION, { recordedAt: '2023-12-31' })).toThrow(UnknownMissionError);
    expect(missionControl(v, MISSION, { recordedAt: missionRecorded.toISOString() }).mission.id).toBe(
      MISSION,
    );
  });

  it('names the mission it did not know', () => {
    try {
      missionControl(view(), MISSION, { recordedAt: justBefore });
      expect.unreachable('expected UnknownMissionError');
    } catch (error) {
      expect(error).toBeInstanceOf(UnknownMissionError);
      expect((error as UnknownMissionError).missionId).toBe(MISSION);
    }
  });
});

describe('the order of the overview', () => {
  // "Every mission known as of the query with its status, by country then city": the capital
  // embassy is in Xland, city "Capitál". Two consulates in Xland whose ids sort the other way
  // round from their cities, and one in another country.
  const zed = missionEvent({
    id: 'xx-a-consulate',
    name: 'Consulate in Zed',
    country: 'Xland',
    city: 'Zed',
    kind: 'consulate',
  });
  const able = missionEvent({
    id: 'xx-z-consulate',
    name: 'Consulate in Able',
    country: 'Xland',
    city: 'Able',
    kind: 'consulate',
  });
  const elsewhere = missionEvent({ id: 'aa-zulu-embassy', name: 'Zulu', country: 'Yland', city: 'Aaa' });

  it('lists the missions of one country by city, not by id', () => {
    const v = view(zed, able, elsewhere);
    expect(overview(v).map((c) => [c.mission.id, c.mission.city])).toEqual([
      ['xx-z-consulate', 'Able'],
      [MISSION, 'Capitál'],
      ['xx-a-consulate', 'Zed'],
      ['aa-zulu-embassy', 'Aaa'],
    ]);
    expect([...overviewSummaryOf(v)].map((c) => c.mission.id)).toEqual([
      'xx-z-consulate',
      MISSION,
      'xx-a-consulate',
      'aa-zulu-embassy',
    ]);
  });
});
