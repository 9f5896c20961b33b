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
});
