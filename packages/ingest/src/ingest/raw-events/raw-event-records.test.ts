// Ingest of raw event records: a domain event written by hand, and what it teaches the run.
import { MemoryEventStore } from '@kb/store';
import { describe, expect, it } from 'vitest';
import { ingest } from '../run/ingest.js';
import { all, claims } from '../test-kit/ingest-test-kit.js';
import { claimRecord } from '../test-kit/test-records.js';

describe('ingest: raw event records', () => {
  it('accepts a new actor by event record, after which claims may name it as controller', async () => {
    const store = new MemoryEventStore();
    const actor = {
      type: 'event',
      event: {
        type: 'ActorRegistered',
        data: { actorId: 'nrf', name: 'National Resistance Front', kind: 'faction', aliases: ['NRF'] },
      },
    };
    const report = await ingest(store, [
      claimRecord({ id: 'early', controller: 'NRF' }),
      actor,
      claimRecord({ id: 'late', controller: 'NRF' }),
    ]);
    expect(report.rejected.map((r) => `${r.line}:${r.path}`)).toEqual(['1:controller']);
    expect((await claims(store)).map((c) => [c.claimId, c.controller])).toEqual([['late', 'nrf']]);
    // A later run learns the actor from the store.
    expect(
      (await ingest(store, [claimRecord({ id: 'later', controller: 'national resistance front' })])).added,
    ).toBe(1);
  });

  it('reports a raw event that fails its schema by field path', async () => {
    const report = await ingest(new MemoryEventStore(), [
      {
        type: 'event',
        event: {
          type: 'SourceGraded',
          data: { sourceId: 'x', reliability: 'Z', rationale: 'r', gradedBy: 'me' },
        },
      },
      { type: 'event', event: { type: 'Nonsense', data: {} } },
    ]);
    expect(report.rejected.map((r) => `${r.line}:${r.path}`)).toEqual([
      '1:event.data.reliability',
      '2:event.type',
    ]);
  });

  it("refuses a raw event's fields its schema does not know, at any depth, rather than dropping them", async () => {
    const store = new MemoryEventStore();
    const actor = (data: Record<string, unknown>) => ({
      type: 'event',
      event: { type: 'ActorRegistered', data },
    });
    const known = { actorId: 'nrf', name: 'National Resistance Front', kind: 'faction', aliases: ['NRF'] };
    const report = await ingest(store, [
      actor({ ...known, colour: 'green' }), // 1
      actor({ actorId: 'nrf', name: 'National Resistance Front', kind: 'faction', aliasses: ['NRF'] }), // 2
      { type: 'event', event: { type: 'ActorRegisterd', data: known } }, // 3
      actor({ ...known, kind: 'militia' }), // 4
      actor(known), // 5
    ]);
    expect(report.rejected).toEqual([
      { line: 1, path: 'event.data.colour', message: 'unknown field "colour"' },
      { line: 2, path: 'event.data.aliasses', message: 'unknown field "aliasses"; did you mean "aliases"?' },
      { line: 2, path: 'event.data.aliases', message: 'required, but missing (expected array)' },
      {
        line: 3,
        path: 'event.type',
        message: 'unknown event type "ActorRegisterd"; did you mean "ActorRegistered"?',
      },
      {
        line: 4,
        path: 'event.data.kind',
        message: expect.stringMatching(/^expected one of "government", .*; got string "militia"$/),
      },
    ]);
    expect(report.added).toBe(1);
    const stored = (await all(store)).filter((e) => e.type === 'ActorRegistered');
    expect(stored.map((e) => e.data)).toEqual([known]);
  });
});
