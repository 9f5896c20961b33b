// What the contract's test groups share: the store under test (fresh for every test) and helpers
// to build events and drain iterables.
import { randomUUID } from 'node:crypto';
import type { EventMetadata, EventStore, NewEvent, StoredEvent } from '../port/event-store.js';

export interface ContractOptions {
  /** When a string, the whole suite is registered as skipped and this reason printed once. */
  readonly skip?: string;
  /**
   * How the hash chain is checked. `global` (default): one chain over readAll from GENESIS_HASH,
   * verified with verifyChain (hashes recomputed). `per-stream`: for adapters whose chain runs per
   * stream (EventStoreDB assigns positions only at commit) or views onto a larger log: the links must
   * hold either per stream from GENESIS_HASH or in log order; hashes are not recomputed.
   */
  readonly chain?: 'global' | 'per-stream';
}

export interface ContractContext {
  /** The store of the running test. */
  store(): EventStore;
  readonly options: ContractOptions;
}

/** An event with a fresh UUID (valid on every adapter) unless an id is given. */
export function newEvent(
  data: unknown,
  fields: { id?: string; type?: string; version?: number; metadata?: EventMetadata } = {},
): NewEvent {
  return {
    id: fields.id ?? randomUUID(),
    type: fields.type ?? 'ContractTested',
    version: fields.version ?? 1,
    data,
    ...(fields.metadata === undefined ? {} : { metadata: fields.metadata }),
  };
}

/** `count` events numbered from 0 in their data, so tests can check order. */
export function numbered(count: number, type = 'ContractTested'): NewEvent[] {
  return Array.from({ length: count }, (_, n) => newEvent({ n }, { type }));
}

export async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

export const nOf = (event: StoredEvent): unknown => (event.data as { n?: unknown }).n;

/** The rejection of a promise, or a failure when it resolves. */
export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail, but it succeeded');
}

/** What `within` gives when the promise has not settled in time. */
export const TIMED_OUT: unique symbol = Symbol('timed out');

/**
 * The promise's value, or TIMED_OUT after `ms`: a test that waits for something that may never
 * come (a wake-up a broken adapter does not send) fails at once instead of hanging.
 */
export async function within<T>(promise: Promise<T>, ms: number): Promise<T | typeof TIMED_OUT> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<typeof TIMED_OUT>((resolve) => {
    timer = setTimeout(() => resolve(TIMED_OUT), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
