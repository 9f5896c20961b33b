// kb ingest of a CSV file whose rows begin with a quoted field or a number, as spreadsheet exports
// write them: each row is a JSON value followed by a comma, so JSON.parse called it malformed JSON
// ("Unexpected non-whitespace character after JSON") and the hint that CSV needs converting, given
// to a CSV of bare words, was never shown. Such a row is told as not JSON, a CSV row.

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { kbOn, testFolder } from '../testing/cli-test-kit.js';

const folder = testFolder('kb-ingest-csv-');
const store = join(folder.dir, 'kb.sqlite');
const HINT = 'These lines are not JSON at all:';

function input(name: string, text: string): string {
  const file = join(folder.dir, name);
  writeFileSync(file, text);
  return file;
}

describe('kb ingest of a CSV file of quoted fields or numbers', () => {
  it('tells each row as a CSV row, not JSON, and says the file needs converting', async () => {
    const file = input(
      'quoted.csv',
      '"id","mission","kind"\r\n"c1","tj-khorog-consulate","visit"\r\n2,"tj-khorog-consulate","visit"\r\n',
    );
    const r = await kbOn(store, 'ingest', file);
    expect(r.code).toBe(3);
    expect(r.text).toContain(
      'line 1, (record): not JSON: it begins "\\"id\\",\\"mission\\",\\"kind": values parted by "," as in a CSV row',
    );
    expect(r.text).toContain(
      'line 3, (record): not JSON: it begins "2,\\"tj-khorog-consula": values parted by "," as in a CSV row',
    );
    expect(r.text).toContain(HINT);
  });

  it('tells a row parted by semicolons or tabs the same way', async () => {
    const file = input('semi.csv', '"id";"mission"\n"c1"\t"tj-khorog-consulate"\n');
    const r = await kbOn(store, 'ingest', file);
    expect(r.text).toContain(
      'line 1, (record): not JSON: it begins "\\"id\\";\\"mission\\"": values parted by ";" as in a CSV row',
    );
    expect(r.text).toContain(
      'line 2, (record): not JSON: it begins "\\"c1\\"\\t\\"tj-khorog-cons": values parted by a tab as in a CSV row',
    );
    expect(r.text).toContain(HINT);
  });

  it('still tells a broken record, or two records on a line, as malformed JSON where it breaks', async () => {
    const file = input('broken.ndjson', '{"id": "a"},\n{"id": "a"} {"id": "b"}\n"just a string" x\n');
    const r = await kbOn(store, 'ingest', file);
    expect(r.text).toContain(
      'line 1, (record): malformed JSON at line 1, column 12: Unexpected non-whitespace character after JSON',
    );
    expect(r.text).toContain(
      'line 2, (record): malformed JSON at line 2, column 13: Unexpected non-whitespace character after JSON',
    );
    expect(r.text).toContain(
      'line 3, (record): malformed JSON at line 3, column 17: Unexpected non-whitespace character after JSON',
    );
    expect(r.text).not.toContain(HINT);
  });
});
