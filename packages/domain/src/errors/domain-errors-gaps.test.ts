// What the domain's errors say and carry, beyond what domain-event.test.ts pins (mutation pass C).
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { encodeEvent } from '../events/domain-event.js';
import { EventSchemaError, UnknownEventTypeError, UnsupportedEventVersionError } from './domain-errors.js';

describe('domain errors', () => {
  it('are named after their class, as a stack trace or String(error) shows', () => {
    expect(String(new UnknownEventTypeError('ClaimInvented'))).toBe(
      'UnknownEventTypeError: unknown event type "ClaimInvented"',
    );
    expect(new UnsupportedEventVersionError('ClaimRecorded', 3, [1, 2]).name).toBe(
      'UnsupportedEventVersionError',
    );
  });

  it('lists every field issue, "; " between them, "(root)" for a check on the whole event', () => {
    const error = new EventSchemaError('ClaimAssessed', 1, [
      { path: 'assessedOn', message: 'expected a day, as YYYY-MM-DD' },
      { path: '', message: 'an assessment needs a credibility or a likelihood' },
    ]);
    expect(error.message).toBe(
      'ClaimAssessed v1 is invalid: assessedOn: expected a day, as YYYY-MM-DD; (root): an assessment needs a credibility or a likelihood',
    );
  });

  it('keeps the ZodError as the cause of a refused encodeEvent, for callers that word the issues themselves', () => {
    let caught: unknown;
    try {
      encodeEvent('ReportRevised', { reportId: 'diplomat-2023-03-28', changes: {}, reason: '' });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(EventSchemaError);
    expect((caught as EventSchemaError).cause).toBeInstanceOf(z.ZodError);
  });
});
