import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../integrity/canonical-json.js';
import { GENESIS_HASH, storedChainHash } from '../integrity/chain-hash.js';
import { EventIdConflictError, WrongExpectedRevisionError } from '../port/errors.js';
import type { EventMetadata, NewEvent } from '../port/event-store.js';
import { type BatchLookup, pickMetadata, planBatch } from './plan-batch.js';

const empty: BatchLookup = { tip: () => undefined, stored: () => undefined };
const head = { position: 0, hash: GENESIS_HASH, count: 0 };
const event = (id: string, data: unknown = { id }): NewEvent => ({ id, type: 'T', version: 1, data });

describe('planBatch', () => {
  it('numbers a batch across streams and links the hashes in order', () => {
    const plan = planBatch(
      [
        { stream: 'a', events: [event('1'), event('2')], expectedRevision: 'no_stream' },
        { stream: 'b', events: [event('3')] },
        { stream: 'a', events: [event('4')], expectedRevision: 1 },
      ],
      empty,
      head,
      '2024-01-01T00:00:00.000Z',
    );
    expect(plan.events.map((e) => [e.stream, e.revision, e.position])).toEqual([
      ['a', 0, 1],
      ['a', 1, 2],
      ['b', 0, 3],
      ['a', 2, 4],
    ]);
    expect(plan.events.map((e) => e.prevHash)).toEqual([
      GENESIS_HASH,
      ...plan.events.slice(0, 3).map((e) => e.hash),
    ]);
    expect(plan.head).toEqual({ position: 4, hash: plan.events[3]!.hash, count: 4 });
    expect(plan.results).toEqual([
      { nextRevision: 1, position: 2, appended: 2 },
      { nextRevision: 0, position: 3, appended: 1 },
      { nextRevision: 2, position: 4, appended: 1 },
    ]);
  });

  it('continues from the head and the streams as looked up', () => {
    const lookup: BatchLookup = {
      tip: (s) => (s === 'a' ? { revision: 4, position: 40 } : undefined),
      stored: () => undefined,
    };
    const plan = planBatch(
      [{ stream: 'a', events: [event('x')], expectedRevision: 4 }],
      lookup,
      { position: 41, hash: 'h', count: 30 },
      't',
    );
    expect(plan.events[0]).toMatchObject({ revision: 5, position: 42, prevHash: 'h' });
    expect(plan.head.count).toBe(31);
  });

  it('rejects an id offered to two streams of one batch, and a wrong expectation later in the batch', () => {
    expect(() =>
      planBatch(
        [
          { stream: 'a', events: [event('1')] },
          { stream: 'b', events: [event('1')] },
        ],
        empty,
        head,
        't',
      ),
    ).toThrow(EventIdConflictError);
    expect(() =>
      planBatch(
        [
          { stream: 'a', events: [event('1')] },
          { stream: 'a', events: [event('2')], expectedRevision: 'no_stream' },
        ],
        empty,
        head,
        't',
      ),
    ).toThrow(WrongExpectedRevisionError);
  });

  it('refuses data that is not JSON and keeps only the metadata fields the port defines', () => {
    expect(() =>
      planBatch([{ stream: 'a', events: [{ ...event('1'), data: undefined }] }], empty, head, 't'),
    ).toThrow(TypeError);
    const extra = { ingestRunId: 'r', extra: 'x' } as unknown as Parameters<typeof pickMetadata>[0];
    expect(pickMetadata(extra)).toEqual({ ingestRunId: 'r' });
  });

  it('stores metadata as canonical JSON, whichever fields are set and whatever they hold', () => {
    const fields = ['ingestRunId', 'correlationId', 'causationId'] as const;
    const values: unknown[] = [undefined, 'r"1\\', 'é', 7, { z: 1, a: 2 }];
    let checked = 0;
    for (const a of values)
      for (const b of values)
        for (const c of values) {
          const metadata = Object.fromEntries(
            fields.map((f, i) => [f, [a, b, c][i]]).filter(([, v]) => v !== undefined),
          ) as EventMetadata;
          const [planned] = planBatch(
            [{ stream: 's', events: [{ ...event('1'), metadata }] }],
            empty,
            head,
            't',
          ).events;
          expect(planned!.metadataJson).toBe(canonicalJson(pickMetadata(metadata)));
          checked++;
        }
    expect(checked).toBe(125);
  });

  // The planner keeps the last metadata text, type and version from one event to the next; a batch
  // that changes them from event to event (and back, and to objects) must still get each one right.
  it('writes and hashes each event of a batch with its own metadata, type and version', () => {
    const shared = { correlationId: 'c1', ingestRunId: 'r1' };
    const object = { ingestRunId: { z: 1 } } as unknown as EventMetadata;
    const sequence: (EventMetadata | undefined)[] = [
      shared,
      shared,
      { ...shared },
      { correlationId: 'c2', ingestRunId: 'r1' },
      undefined,
      { causationId: 'x', correlationId: 'c2', ingestRunId: 'r1' },
      object,
      shared,
    ];
    const events = sequence.map((metadata, i) => ({
      ...event(String(i), { i }),
      type: i % 3 === 0 ? 'T' : 'U',
      version: 1 + (i % 2),
      ...(metadata === undefined ? {} : { metadata }),
    }));
    const plan = planBatch([{ stream: 'a', events }], empty, head, '2024-01-01T00:00:00.000Z');
    plan.events.forEach((planned, i) => {
      const metadata = pickMetadata(sequence[i]);
      expect(planned.metadataJson).toBe(canonicalJson(metadata));
      expect(planned.metadata).toEqual(metadata);
      expect([planned.type, planned.version]).toEqual([events[i]!.type, events[i]!.version]);
      expect(planned.hash).toBe(
        storedChainHash({
          ...planned,
          data: JSON.parse(planned.dataJson),
          metadata: JSON.parse(planned.metadataJson),
        }),
      );
    });
    expect(plan.events).toHaveLength(sequence.length);
  });

  it('stores data as JSON.stringify gives it and hashes exactly that text', () => {
    const plan = planBatch(
      [{ stream: 'a', events: [event('1', { b: 1, a: { d: 2, c: 3 } })] }],
      empty,
      head,
      't',
    );
    const [planned] = plan.events;
    expect(planned!.dataJson).toBe('{"b":1,"a":{"d":2,"c":3}}');
    expect(planned!.hash).toBe(
      storedChainHash({ ...planned!, data: JSON.parse(planned!.dataJson), metadata: {} }),
    );
  });

  it('knows a retry whose data has its keys in another order, or is stored canonically, as the same event', () => {
    const stored = new Map([
      [
        '1',
        { stream: 'a', type: 'T', version: 1, dataJson: '{"b":1,"a":{"d":2,"c":3}}', metadataJson: '{}' },
      ],
      // As SQLite schema 1 stored it: canonical JSON.
      [
        '2',
        { stream: 'a', type: 'T', version: 1, dataJson: '{"a":1,"b":[{"c":1,"d":2}]}', metadataJson: '{}' },
      ],
    ]);
    const lookup: BatchLookup = { tip: () => ({ revision: 1, position: 2 }), stored: (id) => stored.get(id) };
    const plan = planBatch(
      [
        {
          stream: 'a',
          events: [event('1', { a: { c: 3, d: 2 }, b: 1 }), event('2', { b: [{ d: 2, c: 1 }], a: 1 })],
          expectedRevision: 'no_stream',
        },
      ],
      lookup,
      { position: 2, hash: 'h', count: 2 },
      't',
    );
    expect(plan.events).toEqual([]);
    expect(plan.results).toEqual([{ nextRevision: 1, position: 2, appended: 0 }]);
    expect(() =>
      planBatch([{ stream: 'a', events: [event('1', { a: { c: 3, d: 9 }, b: 1 })] }], lookup, head, 't'),
    ).toThrow(EventIdConflictError);
  });
});
