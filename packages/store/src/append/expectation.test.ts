// Expected revisions at their edges: a stream holding one event (revision 0) exists; an absent
// stream (-1) does not; a number holds only for that exact last revision.
import { describe, expect, it } from 'vitest';
import { WrongExpectedRevisionError } from '../port/errors.js';
import { assertExpectation, meetsExpectation } from './expectation.js';

describe('expected revision', () => {
  it('a stream whose only event is revision 0 exists, and is not "no stream"', () => {
    expect(meetsExpectation('stream_exists', 0)).toBe(true);
    expect(meetsExpectation('no_stream', 0)).toBe(false);
    expect(() => assertExpectation('claim-1', 'stream_exists', 0)).not.toThrow();
    expect(() => assertExpectation('claim-1', 'no_stream', 0)).toThrow(WrongExpectedRevisionError);
  });

  it('an absent stream is "no stream", and does not exist', () => {
    expect(meetsExpectation('no_stream', -1)).toBe(true);
    expect(meetsExpectation('stream_exists', -1)).toBe(false);
    expect(meetsExpectation('any', -1)).toBe(true);
  });

  it('a number holds only for that exact revision; 0 is a valid expectation', () => {
    expect(meetsExpectation(0, 0)).toBe(true);
    expect(meetsExpectation(0, -1)).toBe(false);
    expect(meetsExpectation(1, 0)).toBe(false);
    expect(() => assertExpectation('claim-1', 0, 0)).not.toThrow();
    expect(() => assertExpectation('claim-1', -1, -1)).toThrow(RangeError);
    expect(() => assertExpectation('claim-1', 1.5, 1)).toThrow(RangeError);
  });
});
