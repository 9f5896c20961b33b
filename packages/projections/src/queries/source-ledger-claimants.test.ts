// sourceLedger's claimant rows: retractions counted per claimant, no actor for a quoted origin, the
// innermost link as who relayed it, rows in order of origin, and a denial listed under two missions
// and contradicted in both counted contradicted once.
import type { DomainEvent } from '@kb/domain';
import { describe, expect, it } from 'vitest';
import { foldKnowledge } from '../knowledge/knowledge-projection.js';
import { knowledgeView } from '../knowledge/knowledge-view.js';
import { type ClaimSpec, claimEvent, recordAll, retractEvent } from '../testing/event-factory.js';
import { EMBASSY, embassyEvent, farDenialEvent, visitEvent } from '../testing/far-denial-world.js';
import { MISSION, smallWorld } from '../testing/small-world.js';
import { sourceLedger } from './source-ledger.js';

const ledgerOf = (...events: DomainEvent[]) =>
  sourceLedger(knowledgeView(foldKnowledge(recordAll([...smallWorld(), ...events]))));

const control = (p: Partial<ClaimSpec> & { id: string }) =>
  claimEvent({
    report: 'report-jan',
    mission: MISSION,
    kind: 'control',
    controller: 'taliban',
    occurred: '2023-01',
    ...p,
  });

describe("sourceLedger's claimants", () => {
  it('counts the retracted claims of a claimant', () => {
    const ledger = ledgerOf(
      control({ id: 'kept', claimant: 'Embassy' }),
      control({ id: 'withdrawn', report: 'report-feb', claimant: 'Embassy' }),
      retractEvent('withdrawn', 'withdrawn'),
    );
    expect(ledger.claimants).toEqual([
      expect.objectContaining({ names: ['Embassy'], claims: ['kept', 'withdrawn'], retracted: 1 }),
    ]);
  });

  it('gives a quoted origin no actor, though the claimant quoting it is resolved', () => {
    const ledger = ledgerOf(
      control({
        id: 'mofa',
        claimant: 'Taliban MoFA',
        actorId: 'taliban',
        via: [{ name: 'Zabihullah Mujahid', relation: 'quotes' }],
      }),
    );
    expect(ledger.claimants).toEqual([
      expect.objectContaining({
        origin: 'name:zabihullah mujahid',
        actorId: null,
        names: ['Zabihullah Mujahid'],
        via: ['Taliban MoFA'],
      }),
    ]);
  });

  it('gives as who relayed a claimant the innermost link of its chain, not the outermost', () => {
    const ledger = ledgerOf(
      control({
        id: 'relayed',
        claimant: 'Embassy',
        via: [
          { name: 'Tolo News', relation: 'cites' },
          { name: 'Ariana News', relation: 'cites' },
        ],
      }),
    );
    expect(ledger.claimants).toEqual([expect.objectContaining({ names: ['Embassy'], via: ['Ariana News'] })]);
  });

  it('lists the claimants in order of origin, whatever order they were recorded in', () => {
    const ledger = ledgerOf(
      control({ id: 'c1', claimant: 'Zed', occurred: '2023-01-01' }),
      control({ id: 'c2', claimant: 'Mid', occurred: '2023-01-02' }),
      control({ id: 'c3', claimant: 'Alpha', occurred: '2023-01-03' }),
    );
    expect(ledger.claimants.map((c) => c.origin)).toEqual(['name:alpha', 'name:mid', 'name:zed']);
  });

  it('counts a denial contradicted under both missions listing it as contradicted once', () => {
    // Under its own mission the denial names another controller than the embassy's account does;
    // under the mission of the visit it answers, it denies the visit.
    const ledger = ledgerOf(
      embassyEvent(),
      visitEvent(),
      control({ id: 'embassy-held', mission: EMBASSY, occurred: '2023-01-05' }),
      farDenialEvent('republic'),
    );
    expect(ledger.outlets.find((o) => o.sourceId === 'outlet-b')).toMatchObject({
      claims: ['far-denial'],
      contradicted: 1,
    });
    expect(ledger.claimants.find((c) => c.names.includes('Embassy staff'))).toMatchObject({
      claims: ['far-denial'],
      contradicted: 1,
    });
  });
});
