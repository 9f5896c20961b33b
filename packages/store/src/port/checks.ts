// What every adapter checks of a caller's arguments before it reads or writes, so that one wrong
// value gets the same clear error on each, names where it is, and never reaches the log. The types
// say all of this to a TypeScript caller; these checks are for the caller the types do not reach
// (plain JavaScript, JSON read from elsewhere), and for the value the types cannot see: an event's
// version given as the text "2" was stored as the number 2 but hashed as the text, and the chain
// then reported the event as altered.
import type { ReadAllOptions, ReadFilter, ReadStreamOptions, StreamWrite } from './event-store.js';

const EXPECTATIONS = new Set(['any', 'no_stream', 'stream_exists']);
const METADATA_FIELDS = ['correlationId', 'causationId', 'ingestRunId'] as const;

/** Throws a TypeError or RangeError naming the first wrong value of `writes`; returns when all is well. */
export function checkWrites(writes: readonly StreamWrite[], call = 'appendMany'): void {
  if (!Array.isArray(writes))
    throw new TypeError(`${call}: expected an array of writes, got ${describe(writes)}`);
  for (let w = 0; w < writes.length; w++) {
    const write = writes[w]!;
    const at = call === 'append' ? call : `${call}: writes[${w}]`;
    if (typeof write !== 'object' || write === null)
      throw new TypeError(`${at}: expected {stream, events}, got ${describe(write)}`);
    if (typeof write.stream !== 'string' || write.stream === '')
      throw new TypeError(`${at}: stream must be a non-empty string, got ${describe(write.stream)}`);
    checkExpectation(write.expectedRevision, at);
    if (!Array.isArray(write.events))
      throw new TypeError(`${at}: events must be an array, got ${describe(write.events)}`);
    for (let e = 0; e < write.events.length; e++) checkEvent(write.events[e], at, e);
  }
}

function checkExpectation(expected: unknown, at: string): void {
  if (expected === undefined || (typeof expected === 'string' && EXPECTATIONS.has(expected))) return;
  if (typeof expected === 'number') {
    if (Number.isSafeInteger(expected) && expected >= 0) return;
    throw new RangeError(`${at}: expected revision must be a non-negative integer, got ${expected}`);
  }
  throw new TypeError(
    `${at}: expectedRevision must be 'any', 'no_stream', 'stream_exists' or a revision number, got ${describe(expected)}`,
  );
}

const where = (write: string, index: number): string => `${write}: events[${index}]`;

// Runs for every event appended: the place is written out only for an error.
function checkEvent(event: unknown, write: string, index: number): void {
  if (typeof event !== 'object' || event === null)
    throw new TypeError(
      `${where(write, index)}: expected an event {id, type, version, data}, got ${describe(event)}`,
    );
  const { id, type, version, metadata } = event as Record<string, unknown>;
  if (typeof id !== 'string' || id === '')
    throw new TypeError(`${where(write, index)}.id must be a non-empty string, got ${describe(id)}`);
  if (typeof type !== 'string' || type === '')
    throw new TypeError(`${where(write, index)}.type must be a non-empty string, got ${describe(type)}`);
  if (typeof version !== 'number' || !Number.isSafeInteger(version) || version < 1)
    throw new TypeError(
      `${where(write, index)}.version must be a whole number of 1 or more, got ${describe(version)}`,
    );
  if (metadata === undefined) return;
  if (typeof metadata !== 'object' || metadata === null || Array.isArray(metadata))
    throw new TypeError(`${where(write, index)}.metadata must be an object, got ${describe(metadata)}`);
  for (const field of METADATA_FIELDS) {
    const value = (metadata as Record<string, unknown>)[field];
    if (value !== undefined && typeof value !== 'string')
      throw new TypeError(
        `${where(write, index)}.metadata.${field} must be a string, got ${describe(value)}`,
      );
  }
}

/** readStream's options: a whole fromRevision of 0 or more, a whole maxCount of 0 or more. */
export function checkReadStreamOptions(stream: unknown, options: ReadStreamOptions): void {
  if (typeof stream !== 'string')
    throw new TypeError(`readStream: stream must be a string, got ${describe(stream)}`);
  wholeOrAbsent(options.fromRevision, 'readStream: fromRevision');
  wholeOrAbsent(options.maxCount, 'readStream: maxCount');
}

/** readAll's options: a whole `after` and `maxCount` of 0 or more, and a filter of the right shape. */
export function checkReadAllOptions(options: ReadAllOptions, call = 'readAll'): void {
  wholeOrAbsent(options.after, `${call}: after`);
  wholeOrAbsent(options.maxCount, `${call}: maxCount`);
  checkFilter(options.filter, call);
}

/** A subscription's or a read's filter: eventTypes an array of strings, streamPrefix a string. */
export function checkFilter(filter: ReadFilter | undefined, call: string): void {
  if (filter === undefined) return;
  if (typeof filter !== 'object' || filter === null)
    throw new TypeError(`${call}: filter must be an object, got ${describe(filter)}`);
  const { eventTypes, streamPrefix } = filter;
  if (
    eventTypes !== undefined &&
    (!Array.isArray(eventTypes) || eventTypes.some((t) => typeof t !== 'string'))
  )
    throw new TypeError(
      `${call}: filter.eventTypes must be an array of strings, got ${describe(eventTypes)}`,
    );
  if (streamPrefix !== undefined && typeof streamPrefix !== 'string')
    throw new TypeError(`${call}: filter.streamPrefix must be a string, got ${describe(streamPrefix)}`);
}

function wholeOrAbsent(value: unknown, what: string): void {
  if (value === undefined) return;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0)
    throw new RangeError(`${what} must be a whole number of 0 or more, got ${describe(value)}`);
}

/** A value as an error message shows it: its JSON where that says what it is, else its type. */
function describe(value: unknown): string {
  if (value === undefined) return 'nothing (undefined)';
  if (typeof value === 'string')
    return `the text ${JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}…` : value)}`;
  if (typeof value === 'number') return String(value);
  if (typeof value === 'bigint') return `the bigint ${value}n`;
  if (value === null) return 'null';
  if (Array.isArray(value)) return `an array of ${value.length}`;
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}
