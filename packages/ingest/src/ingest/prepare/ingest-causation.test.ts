// docs/claim-records.md, "Metadata": every event carries causationId, the record's key: the claim
// id, or `retraction:<claim id>`, `correction:<claim id>`, `event:<event id>`. ingest-links.test.ts
// pins a claim with an id; here are the other records, the registrations they bring, and a claim
// without an id, whose key is the id its content derives.
import { MemoryEventStore } from '@kb/store';
import { describe, expect, it } from 'vitest';
import { ingest } from '../run/ingest.js';
import { all } from '../test-kit/ingest-test-kit.js';
import { claimRecord } from '../test-kit/test-records.js';

describe('ingest: the causation of each event', () => {
  it('names the retraction, correction or event record it came from, by the claim id as normalised', async () => {
    const store = new MemoryEventStore();
    await ingest(store, [claimRecord({ id: 'visit' })], { runId: 'run-0' });
    const report = await ingest(
      store,
      [
        {
          type: 'retraction',
          claim: 'Visit',
          reason: 'the ministry withdrew the statement',
          source: { outlet: 'Tolo News', published: '2023-04-02' },
        },
        { type: 'correction', claim: 'VISIT', changes: { occurred: '2023-03-22' }, reason: 'misread' },
        {
          type: 'event',
          event: {
            type: 'ActorRegistered',
            data: { actorId: 'nrf', name: 'National Resistance Front', kind: 'faction', aliases: ['NRF'] },
          },
        },
      ],
      { runId: 'run-1' },
    );
    expect(report).toMatchObject({ added: 3, rejectedLines: 0 });
    const events = (await all(store)).filter((e) => e.metadata.ingestRunId === 'run-1');
    const actor = events.find((e) => e.type === 'ActorRegistered');
    expect(events.map((e) => [e.type, e.metadata])).toEqual(
      [
        ['SourceRegistered', 'retraction:visit'],
        ['ReportCaptured', 'retraction:visit'],
        ['ClaimRetracted', 'retraction:visit'],
        ['ClaimCorrected', 'correction:visit'],
        ['ActorRegistered', `event:${actor?.id}`],
      ].map(([type, causationId]) => [type, { ingestRunId: 'run-1', correlationId: 'run-1', causationId }]),
    );
  });

  it('names a claim without an id, and the registrations it brings, by the id its content derives', async () => {
    const store = new MemoryEventStore();
    const report = await ingest(store, [claimRecord({ id: undefined })], { runId: 'run-2' });
    expect(report).toMatchObject({ added: 1, rejectedLines: 0 });
    const events = await all(store);
    const claim = events.find((e) => e.type === 'ClaimRecorded')?.data as { claimId: string };
    expect(claim.claimId).toMatch(/^tj-khorog-consulate-visit-[0-9a-f]{16}$/);
    expect(events).toHaveLength(5);
    for (const event of events)
      expect(event.metadata, event.type).toMatchObject({ causationId: claim.claimId });
  });
});
