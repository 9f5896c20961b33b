// The server version the adapter writes to (eventstoredb-server-version.ts), driven through
// StandInClient, which answers the client's `capabilities` getter with the version it is given.
import { UnavailableError } from '@eventstore/db-client';
import { describe, expect, it } from 'vitest';
import { StoreUnavailableError } from '../port/errors.js';
import { StandInClient } from './eventstoredb-client-stand-in.js';
import { refusalOf } from './eventstoredb-server-version.js';
import { EventStoreDbStore } from './eventstoredb-store.js';

const event = (n: number) => ({
  id: `00000000-0000-4000-8000-00000000000${n}`,
  type: 'ClaimRecorded',
  version: 1,
  data: { n },
});

describe('refusalOf', () => {
  it.each(['21.10.8.0', '22.5.1.0', '20.10.5.0', '5.0.11.0'])('refuses %s, naming it and 22.6', (version) => {
    expect(refusalOf(version)).toBe(
      `EventStoreDB ${version} is older than 22.6, which the adapter needs: its stream reads carry no $all positions, and an append reads its stream back for the one it returns`,
    );
  });

  it.each(['22.6.0.0', '22.10.3.0', '23.10.0.0', '24.10.0', '25.0.0'])('lets %s write', (version) => {
    expect(refusalOf(version)).toBeNull();
  });

  it('refuses a server that does not say its version, as servers before 21.10 do not', () => {
    expect(refusalOf('unknown')).toMatch(
      /^the EventStoreDB server does not say its version \(servers before 21\.10/,
    );
  });

  it('lets through a version it cannot read, leaving the checks on each read', () => {
    expect(refusalOf('nightly')).toBeNull();
  });
});

describe('an append to a server older than 22.6', () => {
  it('is refused before anything is written, a new stream included, by append and by appendMany', async () => {
    const client = new StandInClient();
    client.serverVersion = '21.10.8.0';
    const store = new EventStoreDbStore(client.asClient());
    const append = store.append('mission-1', [event(1)], { expectedRevision: 'no_stream' });
    await expect(append).rejects.toBeInstanceOf(StoreUnavailableError);
    await expect(append).rejects.toThrow(
      /^EventStoreDB 21\.10\.8\.0 is older than 22\.6, .*\. Nothing was written\.$/,
    );
    const many = store.appendMany([
      { stream: 'mission-1', events: [event(1)] },
      { stream: 'mission-2', events: [event(2)] },
    ]);
    await expect(many).rejects.toThrow(/older than 22\.6/);
    expect(client.log).toHaveLength(0);
    await store.close();
  });

  it('is asked about once a connection, and again after a refusal', async () => {
    const client = new StandInClient();
    client.serverVersion = 'unknown';
    const store = new EventStoreDbStore(client.asClient());
    await expect(store.append('mission-1', [event(1)])).rejects.toThrow(/does not say its version/);
    // The server was upgraded in between: the next write asks again and goes through.
    client.serverVersion = '23.10.1.0';
    await store.append('mission-1', [event(1)]);
    await store.append('mission-1', [event(2)]);
    await store.appendMany([{ stream: 'mission-2', events: [event(3)] }]);
    expect(client.capabilityCalls).toBe(2);
    expect(client.log.map((e) => e.streamId)).toEqual(['mission-1', 'mission-1', 'mission-2']);
    await store.close();
  });

  it('reports a server that cannot be asked as unavailable, and asks again on the next write', async () => {
    const client = new StandInClient();
    // grpc-js's own error (code 14, UNAVAILABLE), as the client's ServerFeatures call rejects with.
    const unreachable = Object.assign(new Error('14 UNAVAILABLE: No connection established'), {
      code: 14,
      details: 'No connection established',
    });
    let down = true;
    Object.defineProperty(client, 'capabilities', {
      get: () => (down ? Promise.reject(unreachable) : Promise.resolve({ serverVersion: '24.10.0.0' })),
    });
    const store = new EventStoreDbStore(client.asClient());
    const failed = store.append('mission-1', [event(1)]);
    await expect(failed).rejects.toBeInstanceOf(StoreUnavailableError);
    await expect(failed).rejects.toMatchObject({ cause: expect.any(UnavailableError) });
    expect(client.log).toHaveLength(0);
    down = false;
    await store.append('mission-1', [event(1)]);
    expect(client.log).toHaveLength(1);
    await store.close();
  });
});
