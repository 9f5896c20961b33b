// subscribe's filters as the server applies them, driven through StandInClient: an in-process
// stand-in for the client's documented behaviour (eventstoredb-client-stand-in.ts), not a server.
// The stand-in applies the server-side filter built by toServerFilter the way the server does, so
// a filter that leaves out events the port's filter wants fails here; one that lets too many
// through is caught by the adapter's own check (acceptsEvent) and is only slower.
import { describe, expect, it } from 'vitest';
import type { NewEvent, ReadFilter, Subscription } from '../port/event-store.js';
import { StandInClient } from './eventstoredb-client-stand-in.js';
import { EventStoreDbStore } from './eventstoredb-store.js';

let ids = 0;
const event = (type: string): NewEvent => ({
  id: `00000000-0000-4000-8000-${String(++ids).padStart(12, '0')}`,
  type,
  version: 1,
  data: {},
});

/** What a subscription delivers up to a last event that every filter below lets through, or a timeout. */
async function deliveredUntilLast(subscription: Subscription): Promise<string[]> {
  const seen: string[] = [];
  const reading = (async () => {
    for await (const delivered of subscription) {
      seen.push(`${delivered.stream}/${delivered.type}`);
      if (delivered.stream === 'mission-last') return seen;
    }
    return seen;
  })();
  const timeout = new Promise<never>((_, reject) =>
    setTimeout(
      () => reject(new Error(`the last event never came; delivered ${JSON.stringify(seen)}`)),
      1_000,
    ),
  );
  try {
    return await Promise.race([reading, timeout]);
  } finally {
    await subscription.close();
  }
}

async function setUp(): Promise<{ client: StandInClient; store: EventStoreDbStore }> {
  const client = new StandInClient();
  client.record('$$$scavenges', '$metadata', 'sys-1', {}, {});
  const store = new EventStoreDbStore(client.asClient());
  await store.append('mission-1', [event('Claim.Recorded'), event('Note+Added')]);
  // Matches "Claim.Recorded" read as an unescaped regex, and "Claim" as a type prefix.
  await store.append('mission-2', [event('ClaimXRecorded')]);
  await store.append('actor-1', [event('ActorRegistered'), event('Claim.Recorded')]);
  // A system event in a stream of ours, as the server writes stream metadata.
  client.record('$$mission-1', '$metadata', 'sys-2', {}, {});
  return { client, store };
}

const cases: [string, ReadFilter | undefined, string[]][] = [
  [
    'no filter: every event of ours',
    undefined,
    [
      'mission-1/Claim.Recorded',
      'mission-1/Note+Added',
      'mission-2/ClaimXRecorded',
      'actor-1/ActorRegistered',
      'actor-1/Claim.Recorded',
    ],
  ],
  [
    'exact types, with regex characters in them',
    { eventTypes: ['Claim.Recorded', 'Note+Added'] },
    ['mission-1/Claim.Recorded', 'mission-1/Note+Added', 'actor-1/Claim.Recorded'],
  ],
  [
    'a stream prefix',
    { streamPrefix: 'mission-' },
    ['mission-1/Claim.Recorded', 'mission-1/Note+Added', 'mission-2/ClaimXRecorded'],
  ],
  [
    'both: the server filters by type, the adapter by prefix',
    { eventTypes: ['Claim.Recorded'], streamPrefix: 'mission-' },
    ['mission-1/Claim.Recorded'],
  ],
];

describe('subscribe with a filter the server applies', () => {
  it.each(cases)('%s', async (_, filter, expected) => {
    const { store } = await setUp();
    const subscription = store.subscribe(filter ? { filter } : {});
    // Delivered live, after the catch-up: both paths go through the server-side filter.
    setImmediate(() => {
      void store.append('mission-last', [event('Claim.Recorded')]);
    });
    expect(await deliveredUntilLast(subscription)).toEqual([...expected, 'mission-last/Claim.Recorded']);
    await store.close();
  });
});
