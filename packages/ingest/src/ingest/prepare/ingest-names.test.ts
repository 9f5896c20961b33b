// The names a claim record gives, resolved: a mission id with nothing to name it by is refused as
// such, and a claimant named by an actor an earlier run registered by event record is that actor.
import { MemoryEventStore } from '@kb/store';
import { describe, expect, it } from 'vitest';
import { ingest } from '../run/ingest.js';
import { claims } from '../test-kit/ingest-test-kit.js';
import { claimRecord } from '../test-kit/test-records.js';

describe('ingest: names in a claim record', () => {
  it('refuses a mission id with no letters or digits, saying so', async () => {
    const report = await ingest(new MemoryEventStore(), [claimRecord({ mission: '???' })]);
    expect(report.rejected.map((r) => [r.line, r.path, r.message])).toEqual([
      [1, 'mission', 'the mission id has no letters or digits'],
    ]);
  });

  it('takes a claimant named by an actor an earlier run registered by event record as that actor', async () => {
    const store = new MemoryEventStore();
    await ingest(store, [
      {
        type: 'event',
        event: {
          type: 'ActorRegistered',
          data: { actorId: 'nrf', name: 'National Resistance Front', kind: 'faction', aliases: ['NRF'] },
        },
      },
    ]);
    const report = await ingest(store, [claimRecord({ id: 'nrf-says', claimant: 'NRF' })]);
    expect([report.added, report.rejected]).toEqual([1, []]);
    expect((await claims(store)).map((c) => [c.claimId, c.claimant])).toEqual([
      ['nrf-says', { asWritten: 'NRF', actorId: 'nrf' }],
    ]);
  });
});
