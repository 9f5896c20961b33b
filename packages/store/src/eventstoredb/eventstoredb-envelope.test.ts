import { describe, expect, it } from 'vitest';
import { deterministicId } from '../integrity/deterministic-id.js';
import { GENESIS_HASH } from '../integrity/hash-chain.js';
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

  it('refuses the zero position the client reports when the server sent none, rather than reading it as 0', () => {
    // The client's extractPosition turns absent protobuf fields into "0" (dist/utils/convertGrpcEvent.js).
    const unfilled = recorded(toEventData(event), 0n);
    expect(() => fromRecordedEvent(unfilled)).toThrow(StoreUnavailableError);
    expect(() => fromRecordedEvent(unfilled)).toThrow(/came without its \$all position/);
    // Only both halves zero mean "none"; a real event keeps its own offset.
    expect(fromRecordedEvent(recorded(toEventData(event), 1n)).position).toBe(1);
  });
});
