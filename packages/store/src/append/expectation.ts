import { WrongExpectedRevisionError } from '../port/errors.js';
import type { ExpectedRevision } from '../port/event-store.js';

/** Whether a stream whose last revision is `actual` (-1: absent) meets the writer's expectation. */
export function meetsExpectation(expected: ExpectedRevision, actual: number): boolean {
  switch (expected) {
    case 'any':
      return true;
    case 'no_stream':
      return actual < 0;
    case 'stream_exists':
      return actual >= 0;
    default:
      return actual === expected;
  }
}

/** Throws WrongExpectedRevisionError unless the stream meets the expectation; also rejects nonsense numbers. */
export function assertExpectation(stream: string, expected: ExpectedRevision, actual: number): void {
  if (typeof expected === 'number' && (!Number.isSafeInteger(expected) || expected < 0)) {
    throw new RangeError(`expected revision must be a non-negative integer, got ${expected}`);
  }
  if (!meetsExpectation(expected, actual)) throw new WrongExpectedRevisionError(stream, expected, actual);
}
