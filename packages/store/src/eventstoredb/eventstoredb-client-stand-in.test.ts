// The stand-in itself: where it copies the client or the server, it must not be kinder than they
// are, or the adapter's tests pass on behaviour no server has. Each test names what it copies.
import type { AllStreamResolvedEvent, AllStreamSubscription } from '@eventstore/db-client';
import {
  eventTypeFilter,
  excludeSystemEvents,
  jsonEvent,
  NO_STREAM,
  streamNameFilter,
} from '@eventstore/db-client';
import { describe, expect, it } from 'vitest';
import { StandInClient } from './eventstoredb-client-stand-in.js';

/** The stream/type of each event a subscription delivers until it has been quiet for a moment. */
async function drainQuiet(subscription: AllStreamSubscription): Promise<string[]> {
  const seen: string[] = [];
  subscription.on('data', (resolved: AllStreamResolvedEvent) => {
    seen.push(`${resolved.event!.streamId}/${resolved.event!.type}`);
  });
  await new Promise((resolve) => setTimeout(resolve, 20));
  await subscription.unsubscribe();
  return seen;
}

function logOf(client: StandInClient): void {
  client.record('$epoch-information', '$epoch', 'sys-1', {}, {});
  client.record('mission-1', 'ClaimRecorded', 'e-1', {}, {});
  client.record('$$mission-1', '$metadata', 'sys-2', {}, {});
  client.record('$persistentsubscription-$all::group-checkpoint', 'SubscriptionCheckpoint', 'sys-3', {}, {});
  client.record('actor-1', 'ActorRegistered', 'e-2', {}, {});
}

describe('StandInClient.subscribeToAll applies the filter as the server does', () => {
  it('by stream prefix, by type regex (unanchored) or type prefix, after the server’s rule for $all', async () => {
    const client = new StandInClient();
    logOf(client);
    const subscribe = (filter: Parameters<StandInClient['subscribeToAll']>[0]) =>
      drainQuiet(client.subscribeToAll(filter));
    expect(await subscribe({ filter: streamNameFilter({ prefixes: ['mission-', 'actor-'] }) })).toEqual([
      'mission-1/ClaimRecorded',
      'actor-1/ActorRegistered',
    ]);
    // A system stream passes a filter that matches it, except those the server always leaves out.
    expect(await subscribe({ filter: streamNameFilter({ prefixes: ['$'] }) })).toEqual([
      '$$mission-1/$metadata',
    ]);
    expect(await subscribe({ filter: eventTypeFilter({ regex: 'Regist' }) })).toEqual([
      'actor-1/ActorRegistered',
    ]);
    expect(await subscribe({ filter: eventTypeFilter({ prefixes: ['Claim'] }) })).toEqual([
      'mission-1/ClaimRecorded',
    ]);
    expect(await subscribe({ filter: excludeSystemEvents() })).toEqual([
      'mission-1/ClaimRecorded',
      'actor-1/ActorRegistered',
    ]);
    // Without a filter the client asks for everything (setNoFilter), system events included.
    expect(await subscribe({})).toHaveLength(5);
  });

  it('to live events as well as to those it catches up on', async () => {
    const client = new StandInClient();
    const subscription = client.subscribeToAll({ filter: streamNameFilter({ prefixes: ['mission-'] }) });
    const pending = drainQuiet(subscription);
    logOf(client);
    expect(await pending).toEqual(['mission-1/ClaimRecorded']);
  });
});

describe('StandInClient.dispose', () => {
  it('ends a live subscription, as the client’s cancellation of its call does, without an error', async () => {
    const client = new StandInClient();
    client.record('mission-1', 'ClaimRecorded', 'e-1', {}, {});
    const subscription = client.subscribeToAll();
    const seen: string[] = [];
    const errors: unknown[] = [];
    subscription.on('data', (resolved: AllStreamResolvedEvent) => seen.push(resolved.event!.id));
    subscription.on('error', (error) => errors.push(error));
    let timer: ReturnType<typeof setTimeout> | undefined;
    const ended = new Promise<string>((resolve) => {
      subscription.once('end', () => resolve('ended'));
      timer = setTimeout(() => resolve('still open after a second'), 1_000);
    });
    await client.dispose();
    expect(await ended).toBe('ended');
    clearTimeout(timer);
    // Delivered what it had, and nothing recorded later.
    client.record('mission-1', 'ClaimRecorded', 'e-2', {}, {});
    expect(seen).toEqual(['e-1']);
    expect(errors).toEqual([]);
  });
});

describe('StandInClient.appendToStream', () => {
  it('takes the same ids at the same expected revision as a repeat: success, nothing written, no position', async () => {
    const client = new StandInClient();
    const events = [jsonEvent({ id: '00000000-0000-4000-8000-000000000001', type: 'T', data: {} })];
    const first = await client.appendToStream('s', events, { expectedRevision: NO_STREAM });
    expect(first.position).toBeDefined();
    const repeat = await client.appendToStream('s', events, { expectedRevision: NO_STREAM });
    expect(repeat).toEqual({ success: true, nextExpectedRevision: 0n });
    expect(repeat.position).toBeUndefined();
    expect(client.log).toHaveLength(1);
  });
});
