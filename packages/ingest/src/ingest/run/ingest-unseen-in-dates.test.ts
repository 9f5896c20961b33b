// A date holding a character no reader sees (a zero-width space pasted with it) cannot be read, and
// a message quoting it as written would show nothing where the character is: every date field names
// the character and where it stands, in claim, retraction, correction and event records alike. White
// space around a date is not part of it and is still taken; a date wrong otherwise is told so.
import { describe, expect, it } from 'vitest';
import { day, event, problems, storeWithClaim } from '../test-kit/raw-event-records.js';
import { claimRecord, SOURCE } from '../test-kit/test-records.js';
import { ingest } from './ingest.js';

const Z = '\u200b';
const zwsp = (quoted: string, at: number) =>
  `${quoted} holds a zero-width space (U+200B) at character ${at}, which no date holds: remove it`;

describe('ingest: a character no reader sees in a date', () => {
  it('is named, with where it stands, in every date field', async () => {
    const { store, reportId, rawClaim } = await storeWithClaim();
    const report = await ingest(store, [
      claimRecord({ id: 'o1', occurred: `2023-03-23${Z}` }),
      claimRecord({ id: 'o2', source: { ...SOURCE, published: `2023-03-28${Z}` } }),
      claimRecord({ id: 'o3', source: { ...SOURCE, retrieved: `2023-03-28${Z}` } }),
      { type: 'correction', claim: 'first', changes: { occurred: `2023-03-2${Z}1` }, reason: 'r' },
      { type: 'retraction', claim: 'first', reason: 'r', source: { ...SOURCE, published: ` 2023-03${Z}` } },
      claimRecord({ id: 'o6', occurred: `2023-03-23/2023-04\u2060` }),
      claimRecord({ id: 'o7', occurred: `2023-03-23\u0007` }),
      rawClaim('r8', { occurred: { ...day('2023-03-23'), text: `2023-03-23${Z}` } }),
      rawClaim('r9', { occurred: { ...day('2023-03-23'), earliest: `2023-03-23${Z}` } }),
      event('ReportRevised', {
        reportId,
        changes: { published: { ...day('2023-03-28'), text: `${Z}2023` } },
        reason: 'r',
      }),
    ]);
    expect(problems(report)).toEqual([
      [1, 'occurred', zwsp('"2023-03-23\\u200b"', 11)],
      [2, 'source.published', zwsp('"2023-03-28\\u200b"', 11)],
      [
        3,
        'source.retrieved',
        'expected a day as YYYY-MM-DD, the day the report was read; got string "2023-03-28\\u200b", which holds a zero-width space (U+200B) at character 11: remove it',
      ],
      [4, 'changes.occurred', zwsp('"2023-03-2\\u200b1"', 10)],
      [5, 'source.published', zwsp('" 2023-03\\u200b"', 9)],
      [
        6,
        'occurred',
        '"2023-03-23/2023-04\\u2060" holds a word joiner (U+2060) at character 19, which no date holds: remove it',
      ],
      [
        7,
        'occurred',
        '"2023-03-23\\u0007" holds the control character U+0007 at character 11, which no date holds: remove it',
      ],
      [8, 'event.data.occurred.text', zwsp('"2023-03-23\\u200b"', 11)],
      [
        9,
        'event.data.occurred.earliest',
        'expected a day as YYYY-MM-DD; got string "2023-03-23\\u200b", which holds a zero-width space (U+200B) at character 11: remove it',
      ],
      [10, 'event.data.changes.published.text', zwsp('"\\u200b2023"', 1)],
    ]);
    expect(report.added).toBe(0);
  });

  it('takes white space around a date, and tells a date wrong otherwise what is wrong with it', async () => {
    const { store } = await storeWithClaim();
    const report = await ingest(store, [
      claimRecord({ id: 'a', occurred: '\u00a02023-03-23\u3000' }),
      claimRecord({ id: 'b', occurred: '2023-02-30\u00a0' }),
    ]);
    expect(problems(report)).toEqual([
      [
        2,
        'occurred',
        '"2023-02-30" is not a real day (February 2023 has 28 days); expected a day 01-28 in February 2023',
      ],
    ]);
    expect(report.added).toBe(1);
  });
});
