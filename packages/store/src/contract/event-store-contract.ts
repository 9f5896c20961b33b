// One contract, the same tests against every adapter (memory, SQLite, EventStoreDB). Each test gets
// a fresh store from the factory, so tests never see each other's events.
import { afterEach, beforeEach, describe } from 'vitest';
import type { EventStore } from '../port/event-store.js';
import { appendContract } from './contract-append.js';
import { argumentsContract } from './contract-arguments.js';
import type { ContractContext, ContractOptions } from './contract-context.js';
import { readContract } from './contract-read.js';
import { subscribeContract } from './contract-subscribe.js';

export type { ContractOptions } from './contract-context.js';

/** Makes an empty store for one test; `cleanup` runs after the test, after the store is closed. */
export type EventStoreFactory = () => Promise<{ store: EventStore; cleanup?: () => Promise<void> }>;

/**
 * Registers the event-store contract as one vitest `describe`. With `options.skip` the suite is
 * registered as skipped (every test listed as such) and the reason printed on one line.
 * @example describeEventStoreContract('memory', async () => ({ store: new MemoryEventStore() }));
 */
export function describeEventStoreContract(
  name: string,
  factory: EventStoreFactory,
  options: ContractOptions = {},
): void {
  if (typeof options.skip === 'string') {
    console.warn(`[${name} contract] skipped: ${options.skip}`);
    describe.skip(`${name} event store contract (skipped: ${options.skip})`, () =>
      register(factory, options));
    return;
  }
  describe(`${name} event store contract`, () => register(factory, options));
}

function register(factory: EventStoreFactory, options: ContractOptions): void {
  let current: Awaited<ReturnType<EventStoreFactory>> | undefined;
  const ctx: ContractContext = {
    options,
    store: () => {
      if (!current) throw new Error('the contract store is only available inside a test');
      return current.store;
    },
  };
  beforeEach(async () => {
    current = await factory();
  });
  afterEach(async () => {
    const done = current;
    current = undefined;
    if (!done) return;
    await done.store.close();
    await done.cleanup?.();
  });
  appendContract(ctx);
  readContract(ctx);
  subscribeContract(ctx);
  argumentsContract(ctx);
}
