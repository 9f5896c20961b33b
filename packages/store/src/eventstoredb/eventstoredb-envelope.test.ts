import { describe, expect, it } from 'vitest';
import { GENESIS_HASH } from '../integrity/chain-hash.js';
import { deterministicId } from '../integrity/deterministic-id.js';
import { StoreUnavailableError } from '../port/errors.js';
import type { StoredEvent } from '../port/event-store.js';
import {
  fromRecordedEvent,
  type RecordedLike,
  toEventData,
  toServerEventId,
} from './eventstoredb-envelope.js';

const event: Omit<StoredEvent, 'position'> = {
  id: deterministicId('ClaimRecorded', 'k1'),
  type: 'ClaimRecorded',
  version: 2,
  data: { quote: 'the visit took place', tags: ['a', 'b'] },
  metadata: { correlationId: 'c-1', ingestRunId: 'run-7' },
  stream: 'claim-k1',
  revision: 4,
  recordedAt: '2026-01-02T03:04:05.000Z',
  hash: 'f'.repeat(64),
  prevHash: GENESIS_HASH,
};

/** What the client hands back after the server stored `data` at `position`. */
function recorded(data: ReturnType<typeof toEventData>, position = 4096n): RecordedLike {
  return {
    streamId: event.stream,
    id: data.id,
    revision: BigInt(event.revision),
    type: data.type,
    data: JSON.parse(JSON.stringify(data.data)),
    metadata: JSON.parse(JSON.stringify(data.metadata)),
    position: { commit: position, prepare: position },
  };
}

describe('event envelope', () => {
  it('round-trips every envelope field through the JSON metadata', () => {
    const data = toEventData(event);
    expect(data).toMatchObject({ id: event.id, type: 'ClaimRecorded', contentType: 'application/json' });
    expect(data.metadata).toMatchObject({ version: 2, hash: event.hash, prevHash: GENESIS_HASH });
    expect(fromRecordedEvent(recorded(data))).toEqual({ ...event, position: 4096 });
  });

  it('keeps a non-UUID caller id in the metadata and gives the server a stable UUID', () => {
    const plain = { ...event, id: 'claim-k1-v1' };
    const data = toEventData(plain);
    expect(data.id).not.toBe('claim-k1-v1');
    expect(data.id).toBe(toServerEventId('claim-k1-v1'));
    expect(fromRecordedEvent(recorded(data)).id).toBe('claim-k1-v1');
  });

  it('hashes an id that only starts (or only ends) with a UUID, as any other non-UUID id', () => {
    const uuid = event.id;
    const canonical = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
    expect(toServerEventId(uuid)).toBe(uuid);
    for (const id of [`${uuid}x`, `x${uuid}`, `${uuid}\n`]) {
      const serverId = toServerEventId(id);
      expect(serverId).not.toBe(id);
      expect(serverId).toMatch(canonical);
      // The caller's id survives the trip in the metadata.
      const data = toEventData({ ...event, id });
      expect(data.id).toBe(serverId);
      expect(data.metadata).toMatchObject({ eventId: id });
      expect(fromRecordedEvent(recorded(data)).id).toBe(id);
    }
  });

  it('writes no eventId into the metadata for a UUID id, which the server keeps as it is', () => {
    const data = toEventData(event);
    expect(data.id).toBe(event.id);
    expect(data.metadata).not.toHaveProperty('eventId');
    expect(Object.keys(data.metadata as object).sort()).toEqual(
      ['correlationId', 'hash', 'ingestRunId', 'prevHash', 'recordedAt', 'version'].sort(),
    );
  });

  it('writes only the port metadata fields, so what is hashed is what is read back', () => {
    const extra = { ...event, metadata: { causationId: 'x', stray: 'not ours' } as StoredEvent['metadata'] };
    expect(fromRecordedEvent(recorded(toEventData(extra))).metadata).toEqual({ causationId: 'x' });
  });

  it('refuses an event another writer laid out, naming the field', () => {
    const foreign = { ...recorded(toEventData(event)), metadata: { recordedAt: 'x' } };
    expect(() => fromRecordedEvent(foreign)).toThrow(StoreUnavailableError);
    expect(() => fromRecordedEvent(foreign)).toThrow(/metadata\.version/);
    const noPosition = { ...recorded(toEventData(event)), position: undefined };
    expect(() => fromRecordedEvent(noPosition)).toThrow(/position/);
  });

  it('refuses metadata that is not a JSON object (binary, null, an array, text) as not the envelope', () => {
    const data = toEventData(event);
    // The client hands a non-JSON event's metadata on as bytes (a Uint8Array).
    const binary = new TextEncoder().encode(JSON.stringify(data.metadata));
    for (const metadata of [binary, Buffer.from(binary), null, [data.metadata], 'text']) {
      const foreign = { ...recorded(data), metadata };
      expect(() => fromRecordedEvent(foreign)).toThrow(StoreUnavailableError);
      expect(() => fromRecordedEvent(foreign)).toThrow(
        `event ${data.id} in "claim-k1": metadata is not the adapter's JSON envelope`,
      );
    }
  });

  it('refuses a version that is not a whole number: 1.5, NaN, the text "2"', () => {
    const data = toEventData(event);
    for (const version of [1.5, Number.NaN, Number.POSITIVE_INFINITY, '2']) {
      const foreign = { ...recorded(data), metadata: { ...(data.metadata as object), version } };
      expect(() => fromRecordedEvent(foreign)).toThrow(StoreUnavailableError);
      expect(() => fromRecordedEvent(foreign)).toThrow(
        `event ${data.id} in "claim-k1": metadata.version: expected an integer`,
      );
    }
  });

  it('refuses the position a server sends when it has none (2^64-1), naming the event, rather than failing on its size', () => {
    // The server sends -1 as ulong.MaxValue (Position.FromInt64) on stream reads before 22.6 and
    // for an event written in an explicit transaction; the client hands it on as a bigint
    // (extractPosition, dist/utils/convertGrpcEvent.js).
    const none = 2n ** 64n - 1n;
    const data = toEventData(event);
    const unfilled = recorded(data, none);
    expect(() => fromRecordedEvent(unfilled)).toThrow(StoreUnavailableError);
    expect(() => fromRecordedEvent(unfilled)).toThrow(
      `event ${data.id} in "claim-k1" came without its $all position (the server sent none: EventStoreDB older than 22.6`,
    );
    // Either half missing is enough: the commit half of an event in an explicit transaction...
    const commitless = { ...unfilled, position: { commit: none, prepare: 4096n } };
    expect(() => fromRecordedEvent(commitless)).toThrow(/came without its \$all position/);
    const prepareless = { ...unfilled, position: { commit: 4096n, prepare: none } };
    expect(() => fromRecordedEvent(prepareless)).toThrow(/came without its \$all position/);
  });

  it("refuses commit 0, prepare 0 too: no event of ours is at the log's first byte", () => {
    // Not what a server sends for "none" (that is 2^64-1, above), but the protobuf default the
    // client would show for fields left out; the log begins with the server's own records.
    const zero = recorded(toEventData(event), 0n);
    expect(() => fromRecordedEvent(zero)).toThrow(/came without its \$all position/);
    // Only both halves zero; a real event keeps its own offset.
    expect(fromRecordedEvent(recorded(toEventData(event), 1n)).position).toBe(1);
  });

  it('names the event when a position is beyond what a JavaScript number holds exactly', () => {
    const data = toEventData(event);
    const far = recorded(data, 2n ** 60n);
    expect(() => fromRecordedEvent(far)).toThrow(StoreUnavailableError);
    expect(() => fromRecordedEvent(far)).toThrow(
      `event ${data.id} in "claim-k1": its $all position ${2n ** 60n} (prepare) is beyond 2^53-1`,
    );
  });
});
