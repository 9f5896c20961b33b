// What crosses the wire between the client and the server: an event's data and metadata travel as
// bytes, never as the caller's objects. The real client sends JSON.stringify of each
// (dist/streams/appendToStream/batchAppend.js, eventBatcher: data always, metadata only when
// truthy) and parses what a read brings back (dist/utils/convertGrpcEvent.js, convertGrpcRecord
// and parseMetadata: JSON.parse, empty metadata as undefined). The stand-in must do the same, or
// the adapter's tests pass on values no server hands back. Driven through StandInClient, an
// in-process stand-in: nothing here was run against a server.
import { describe, expect, it } from 'vitest';
import type { StoredEvent } from '../port/event-store.js';
import { StandInClient } from './eventstoredb-client-stand-in.js';
import { EventStoreDbStore } from './eventstoredb-store.js';

const ID = '00000000-0000-4000-8000-0000000000a1';

async function only(events: AsyncIterable<StoredEvent>): Promise<StoredEvent> {
  const all: StoredEvent[] = [];
  for await (const event of events) all.push(event);
  expect(all).toHaveLength(1);
  return all[0]!;
}

describe('data and metadata through the stand-in, as through the real client', () => {
  it('come back as the JSON text that was sent, parsed: a Date as its ISO text, NaN as null, undefined members gone', async () => {
    const client = new StandInClient();
    const store = new EventStoreDbStore(client.asClient());
    const data = { at: new Date(0), n: Number.NaN, gone: undefined, list: [1, undefined] };
    await store.append('s', [{ id: ID, type: 'T', version: 1, data }]);
    const read = await only(store.readStream('s'));
    // What SQLite gives back too: the port stores the text JSON.stringify writes.
    expect(read.data).toStrictEqual({ at: '1970-01-01T00:00:00.000Z', n: null, list: [1, null] });
    expect(await store.verify()).toMatchObject({ ok: true, checked: 1 });
  });

  it('are not the caller’s objects: changing them after the append changes nothing stored', async () => {
    const client = new StandInClient();
    const store = new EventStoreDbStore(client.asClient());
    const data = { claim: 'the bridge opened in 1894' };
    const metadata = { correlationId: 'c-1' };
    await store.append('s', [{ id: ID, type: 'T', version: 1, data, metadata }]);
    data.claim = 'edited afterwards';
    metadata.correlationId = 'edited afterwards';
    const read = await only(store.readAll());
    expect(read.data).toEqual({ claim: 'the bridge opened in 1894' });
    expect(read.metadata).toEqual({ correlationId: 'c-1' });
    expect(await store.verify()).toMatchObject({ ok: true });
  });

  it('a Uint8Array in an event the adapter writes goes as JSON, as its content type says, not as bytes', async () => {
    const client = new StandInClient();
    const store = new EventStoreDbStore(client.asClient());
    await store.append('s', [{ id: ID, type: 'T', version: 1, data: new Uint8Array([7, 9]) }]);
    const read = await only(store.readStream('s'));
    // JSON.stringify of a Uint8Array is an object of its indices, which SQLite stores too.
    expect(read.data).toStrictEqual({ 0: 7, 1: 9 });
    expect(await store.verify()).toMatchObject({ ok: true });
  });

  it('an event written with no metadata reads back with metadata undefined, as the client parses an empty field', async () => {
    const client = new StandInClient();
    client.record('orders-1', 'OrderPlaced', ID, { total: 3 }, null);
    client.record('orders-1', 'OrderPlaced', '00000000-0000-4000-8000-0000000000a2', { total: 4 }, {});
    const [none, empty] = client.log;
    expect(none!.metadata).toBeUndefined();
    expect(empty!.metadata).toEqual({});
  });
});
