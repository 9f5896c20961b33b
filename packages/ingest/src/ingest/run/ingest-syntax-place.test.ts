// Malformed JSON is reported at the file line and column where it breaks, not at a count of
// characters from the start of its record; the rejection's `line` stays the line the record starts on.
import { MemoryEventStore } from '@kb/store';
import { describe, expect, it } from 'vitest';
import { folderPerTest } from '../test-kit/ingest-test-kit.js';
import { claimRecord } from '../test-kit/test-records.js';
import { ingest } from './ingest.js';

const folder = folderPerTest();

async function rejected(name: string, text: string) {
  return (await ingest(new MemoryEventStore(), folder.file(name, text))).rejected;
}

describe('ingest: where malformed JSON breaks', () => {
  it('names the line and column in pretty-printed records, the line of the record kept as its first', async () => {
    const a = JSON.stringify(claimRecord({ id: 'a' }), null, 2);
    const b = JSON.stringify(claimRecord({ id: 'b' }), null, 2).replace('"visit",', '"visit"');
    const startB = a.split('\n').length + 1;
    const broken = startB + b.split('\n').findIndex((l) => l.includes('"visit"')) + 1;
    expect(await rejected('pretty.json', `${a}\n${b}\n`)).toEqual([
      {
        line: startB,
        path: '',
        message: `malformed JSON at line ${broken}, column 3: Expected ',' or '}' after property value`,
      },
    ]);
  });

  it('names the column of an NDJSON line, in characters, also where JSON.parse gives no position', async () => {
    const good = JSON.stringify(claimRecord({ id: 'good' }));
    expect(await rejected('lines.ndjson', `${good}\n{"id":"😀" "x":1}\n{"id":x}\n{"id":1\n`)).toEqual([
      {
        line: 2,
        path: '',
        message: `malformed JSON at line 2, column 11: Expected ',' or '}' after property value`,
      },
      { line: 3, path: '', message: `malformed JSON at line 3, column 7: Unexpected token 'x'` },
      {
        line: 4,
        path: '',
        message: `malformed JSON at line 4, column 8: Expected ',' or '}' after property value`,
      },
    ]);
  });

  it('counts from where an element of a one-line array starts', async () => {
    const problems = await rejected('array.json', '[{"id":"a"}, {"id":"b" "x":1}]\n');
    expect(problems.filter((r) => r.message.startsWith('malformed'))).toEqual([
      {
        line: 1,
        path: '',
        message: `malformed JSON at line 1, column 24: Expected ',' or '}' after property value`,
      },
    ]);
  });

  it('names a byte order mark past the start of the file (files joined together), not an invisible token', async () => {
    const line = (id: string) => JSON.stringify(claimRecord({ id }));
    const bom =
      'a byte order mark (U+FEFF), which only the start of a file may hold: were files joined together? Remove it';
    // Two NDJSON files joined, each saved with a BOM; and a record with one after a key's colon.
    expect(
      await rejected(
        'joined.ndjson',
        `\uFEFF${line('a')}\n${line('b')}\n\uFEFF${line('c')}\n{"id":\uFEFF1}\n`,
      ),
    ).toEqual([
      { line: 3, path: '', message: `malformed JSON at line 3, column 1: ${bom}` },
      { line: 4, path: '', message: `malformed JSON at line 4, column 7: ${bom}` },
    ]);
    // Two files of records pretty-printed one after another, joined.
    const pretty = (id: string) => JSON.stringify(claimRecord({ id }), null, 2);
    const second = pretty('a').split('\n').length + 1;
    expect(await rejected('joined.json', `\uFEFF${pretty('a')}\n\uFEFF${pretty('b')}\n`)).toEqual([
      { line: second, path: '', message: `malformed JSON at line ${second}, column 1: ${bom}` },
    ]);
  });
});
