// Checks of parseRecord the ingest run does not exercise: a password given without a user name, a
// script's own object (keysChecked: false) still having its keys checked, and a long wrong value
// quoted in a message only in part.
import { describe, expect, it } from 'vitest';
import { claimRecord, SOURCE } from '../ingest/test-kit/test-records.js';
import { parseRecord } from './parse-record.js';

const claim = claimRecord();

const issuesOf = (value: unknown, options?: { keysChecked?: boolean }) => {
  const result = parseRecord(value, options);
  return result.ok ? [] : result.issues;
};

describe('parseRecord edges', () => {
  it('refuses a source.url with a password and no user name', () => {
    const url = 'https://:secret@thediplomat.com/2023/03/x/';
    expect(issuesOf({ ...claim, source: { ...SOURCE, url } })).toEqual([
      {
        path: 'source.url',
        message:
          'a user name or password before the host: a report is cited by its public address; remove them',
      },
    ]);
  });

  it('checks the keys of an object handed in with keysChecked: false', () => {
    const record = { type: 'event', event: { type: 'Anything', data: { constructor: 1 } } };
    const issues = issuesOf(record, { keysChecked: false });
    expect(issues).toHaveLength(1);
    expect(issues[0]?.path).toBe('event.data.constructor');
  });

  it('quotes at most the first characters of a long wrong value', () => {
    const issues = issuesOf({ ...claim, stance: 'x'.repeat(500) });
    expect(issues).toHaveLength(1);
    expect(issues[0]?.path).toBe('stance');
    expect(issues[0]?.message).toContain('got string "xxx');
    expect(issues[0]?.message).not.toContain('x'.repeat(100));
  });
});
