// A line that looks blank but holds white space JSON does not take as such (a no-break space, a form
// feed, a line separator) or an invisible character is no blank line: it is rejected at its line,
// naming the character, counted and copied to the rejects file, never skipped without a word. And a
// record beside such a character is told which one broke it, not an invisible "Unexpected token".
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MemoryEventStore } from '@kb/store';
import { describe, expect, it } from 'vitest';
import { folderPerTest } from '../test-kit/ingest-test-kit.js';
import { claimRecord } from '../test-kit/test-records.js';
import { ingest } from './ingest.js';

const folder = folderPerTest();
const line = (id: string) => JSON.stringify(claimRecord({ id }));
const ONLY =
  'which JSON does not read as white space (only spaces, tabs and line breaks are): remove it; a line of nothing else is no blank line (spaces and tabs alone make one)';

describe('ingest: lines of white space JSON does not take, and invisible characters', () => {
  it('rejects such a line at its line, naming the character, and keeps the records around it', async () => {
    const text = `${line('a')}\n\u00a0\n\f\n \u2028\t\n\u3000\n\u200b\n\uFEFF\n  \t\r\n${line('b')}\n`;
    const rejects = join(folder.dir, 'r.ndjson');
    const report = await ingest(new MemoryEventStore(), folder.file('in.ndjson', text), {
      rejectsPath: rejects,
    });
    expect(report.added).toBe(2);
    expect(report.records).toBe(8);
    expect(report.rejected).toEqual([
      {
        line: 2,
        path: '',
        message: `malformed JSON at line 2, column 1: a no-break space (U+00A0), ${ONLY}`,
      },
      { line: 3, path: '', message: `malformed JSON at line 3, column 1: a form feed (U+000C), ${ONLY}` },
      {
        line: 4,
        path: '',
        message: `malformed JSON at line 4, column 2: a line separator (U+2028), ${ONLY}`,
      },
      {
        line: 5,
        path: '',
        message: `malformed JSON at line 5, column 1: an ideographic space (U+3000), ${ONLY}`,
      },
      {
        line: 6,
        path: '',
        message: `malformed JSON at line 6, column 1: a zero-width space (U+200B), ${ONLY}`,
      },
      {
        line: 7,
        path: '',
        message:
          'malformed JSON at line 7, column 1: a byte order mark (U+FEFF), which only the start of a file may hold: were files joined together? Remove it',
      },
    ]);
    // Copied as written, so nothing of the input is lost.
    expect(readFileSync(rejects, 'utf8')).toBe('\u00a0\n\f\n \u2028\t\n\u3000\n\u200b\n\uFEFF\n');
  });

  it('names the character beside a record, where JSON.parse would print it as it is', async () => {
    const problems = (
      await ingest(
        new MemoryEventStore(),
        folder.file('in.ndjson', `\u00a0${line('a')}\n${line('b')}\u2029\n`),
      )
    ).rejected;
    const end = [...line('b')].length + 1;
    expect(problems).toEqual([
      {
        line: 1,
        path: '',
        message:
          'malformed JSON at line 1, column 1: a no-break space (U+00A0), which JSON does not read as white space (only spaces, tabs and line breaks are): remove it',
      },
      {
        line: 2,
        path: '',
        message: `malformed JSON at line 2, column ${end}: a paragraph separator (U+2029), which JSON does not read as white space (only spaces, tabs and line breaks are): remove it`,
      },
    ]);
  });

  it('reads an input of such lines alone as lines to reject, not as an input holding nothing', async () => {
    const report = await ingest(new MemoryEventStore(), folder.file('in.ndjson', '\n\u00a0\n'));
    expect(report.records).toBe(1);
    expect(report.rejected).toEqual([
      {
        line: 2,
        path: '',
        message: `malformed JSON at line 2, column 1: a no-break space (U+00A0), ${ONLY}`,
      },
    ]);
  });

  it('rejects such a line after a JSON array as any other line after it', async () => {
    const report = await ingest(
      new MemoryEventStore(),
      folder.file('in.json', `[${line('a')}]\n \u00a0\n\n`),
    );
    expect(report.added).toBe(1);
    expect(
      report.rejected.map((r) => [r.line, r.message.startsWith('this line comes after the closing "]"')]),
    ).toEqual([[2, true]]);
  });
});
