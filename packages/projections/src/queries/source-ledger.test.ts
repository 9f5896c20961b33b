import { describe, expect, it } from 'vitest';
import { foldKnowledge } from '../knowledge/knowledge-projection.js';
import { knowledgeView } from '../knowledge/knowledge-view.js';
import { claimEvent, gradeEvent, recordAll, retractEvent } from '../testing/event-factory.js';
import { embassyEvent, farDenialEvent, visitEvent } from '../testing/far-denial-world.js';
import { MISSION, smallWorld } from '../testing/small-world.js';
import { sourceLedger } from './source-ledger.js';

const spokesman = {
  claimant: 'Spokesman Z',
  actorId: null,
  via: [{ name: 'Spokesman Z', relation: 'quotes' as const }],
};
const view = knowledgeView(
  foldKnowledge(
    recordAll([
      ...smallWorld(),
      claimEvent({
        id: 'a1',
        report: 'report-jan',
        mission: MISSION,
        kind: 'control',
        controller: 'taliban',
        occurred: '2023-01',
        ...spokesman,
      }),
      claimEvent({
        id: 'b1',
        report: 'report-feb',
        mission: MISSION,
        kind: 'control',
        controller: 'taliban',
        occurred: '2023-01',
        ...spokesman,
      }),
      claimEvent({
        id: 'b2',
        report: 'report-feb',
        mission: MISSION,
        kind: 'control',
        controller: 'republic',
        occurred: '2023-01',
        claimant: 'Embassy',
      }),
      claimEvent({
        id: 'a2',
        report: 'report-mar',
        mission: MISSION,
        kind: 'visit',
        controller: 'unknown',
        occurred: '2023-02',
        claimant: 'Embassy',
      }),
      retractEvent('a2', 'withdrawn'),
      gradeEvent('outlet-b', 'D', 'poor record'),
    ]),
  ),
);

describe('sourceLedger', () => {
  const ledger = sourceLedger(view);

  it('gives each outlet its claims, grade history, contradictions and retractions', () => {
    expect(ledger.outlets).toEqual([
      expect.objectContaining({
        sourceId: 'outlet-a',
        claims: ['a1', 'a2'],
        contradicted: 1,
        retracted: 1,
        reliability: 'B',
      }),
      expect.objectContaining({
        sourceId: 'outlet-b',
        claims: ['b1', 'b2'],
        contradicted: 2,
        retracted: 0,
        reliability: 'D',
      }),
    ]);
    expect(ledger.outlets[1]?.grades.map((g) => g.reliability)).toEqual(['F', 'D']);
  });

  it('reports each mission counted, and the ledger it gives is the same with or without', () => {
    const calls: [number, number][] = [];
    const missions = view.listMissions().length;
    expect(sourceLedger(view, {}, (done, total) => calls.push([done, total]))).toEqual(ledger);
    expect(calls).toEqual(Array.from({ length: missions }, (_, i) => [i + 1, missions]));
    expect(missions).toBeGreaterThan(0);
  });

  it('counts one claimant repeated by two outlets as one row', () => {
    const z = ledger.claimants.find((c) => c.names.includes('Spokesman Z'));
    expect(z).toMatchObject({ claims: ['a1', 'b1'], contradicted: 2, retracted: 0, via: ['Spokesman Z'] });
    expect(ledger.claimants).toHaveLength(2);
    expect(ledger.claimants.find((c) => c.names.includes('Embassy'))?.via).toEqual([]);
  });

  it('gives a person quoted by several claimants one row, under the quoted name, with those who quoted him', () => {
    const quoting = (id: string, report: string, claimant: string, actorId: string | null, quoted: boolean) =>
      claimEvent({
        id,
        report,
        mission: MISSION,
        kind: 'control',
        controller: 'taliban',
        occurred: '2023-01',
        claimant,
        actorId,
        via: quoted ? [{ name: 'Zabihullah Mujahid', relation: 'quotes' }] : [],
      });
    const quotedLedger = sourceLedger(
      knowledgeView(
        foldKnowledge(
          recordAll([
            ...smallWorld(),
            quoting('direct', 'report-jan', 'Zabihullah Mujahid', null, false),
            quoting('tolo', 'report-feb', 'Tolo News', null, true),
            quoting('mofa', 'report-mar', 'Taliban MoFA', 'taliban', true),
          ]),
        ),
      ),
    );
    expect(quotedLedger.claimants).toEqual([
      expect.objectContaining({
        origin: 'name:zabihullah mujahid',
        actorId: null,
        names: ['Zabihullah Mujahid'],
        via: ['Taliban MoFA', 'Tolo News'],
        claims: ['direct', 'mofa', 'tolo'],
      }),
    ]);
  });
  it('counts a denial filed under another mission once, though both missions list it', () => {
    const ledgerOf = (...more: Parameters<typeof recordAll>[0]) =>
      sourceLedger(
        knowledgeView(
          foldKnowledge(
            recordAll([...smallWorld(), embassyEvent(), visitEvent(), farDenialEvent(), ...more]),
          ),
        ),
      );
    const standing = ledgerOf();
    expect(standing.outlets.find((o) => o.sourceId === 'outlet-b')).toMatchObject({
      claims: ['far-denial'],
      contradicted: 1,
      retracted: 0,
    });
    expect(standing.claimants.find((c) => c.names.includes('Embassy staff'))).toMatchObject({
      claims: ['far-denial'],
      contradicted: 1,
    });
    const retracted = ledgerOf(retractEvent('far-denial', 'withdrawn'));
    expect(retracted.outlets.find((o) => o.sourceId === 'outlet-b')).toMatchObject({
      claims: ['far-denial'],
      contradicted: 0,
      retracted: 1,
    });
  });

  it('counts as denied only the claims a standing denial or dispute binds to, not those merely contradicted', () => {
    const claim = (id: string, report: string, kind: 'visit' | 'control', controller: string, more = {}) =>
      claimEvent({ id, report, mission: MISSION, kind, controller, occurred: '2023-01-05', ...more });
    const ledgerOf = (...more: Parameters<typeof recordAll>[0]) =>
      sourceLedger(
        knowledgeView(
          foldKnowledge(
            recordAll([
              ...smallWorld(),
              claim('v', 'report-jan', 'visit', 'taliban'),
              claim('t', 'report-jan', 'control', 'taliban'),
              claim('r', 'report-feb', 'control', 'republic'),
              claim('d', 'report-feb', 'visit', 'unknown', { stance: 'denies', respondsTo: 'v' }),
              ...more,
            ]),
          ),
        ),
      );
    const counts = (ledger: ReturnType<typeof sourceLedger>) =>
      ledger.outlets.map((o) => [o.sourceId, o.claims, o.contradicted, o.denied]);
    // Every claim but the denial conflicts with one naming another controller; only v is denied.
    expect(counts(ledgerOf())).toEqual([
      ['outlet-a', ['t', 'v'], 2, 1],
      ['outlet-b', ['d', 'r'], 2, 0],
    ]);
    expect(ledgerOf().claimants.map((c) => c.denied)).toEqual([1]);
    // The denial retracted: v is no longer denied, though still contradicted by r.
    expect(counts(ledgerOf(retractEvent('d', 'withdrawn')))).toEqual([
      ['outlet-a', ['t', 'v'], 2, 0],
      ['outlet-b', ['d', 'r'], 1, 0],
    ]);
  });
});
