// A control character inside a name (an escape sequence a terminal left, a NUL, a tab, a line break)
// makes it another outlet, person or place where it reads the same, or breaks the line it is shown
// on: it is rejected at the field, naming the character and where it is. In an id it would read as a
// "-". A quote and notes keep what they hold, line breaks and escapes included (kb's text output
// writes them out safely).
import { MemoryEventStore } from '@kb/store';
import { describe, expect, it } from 'vitest';
import { claims, folderPerTest } from '../test-kit/ingest-test-kit.js';
import { claimRecord, ndjson, SOURCE } from '../test-kit/test-records.js';
import { ingest } from './ingest.js';

const folder = folderPerTest();
const other =
  'which no name holds and which makes it another name than the one it looks like (another outlet, person or place); it is most often debris of copying from a terminal or a web page: remove it';
const line =
  'which no name holds: a name is written on one line, its words parted by spaces; write a space there';

describe('ingest: control characters in names and ids', () => {
  it('rejects one in a name or an id at its field, naming it and where it is', async () => {
    const records = [
      claimRecord({ id: 'a', claimant: 'Zabihullah \u001b[31mMujahid' }),
      claimRecord({ id: 'b', claimant: 'Zabihullah\tMujahid' }),
      claimRecord({ id: 'c', claimant: 'Zabihullah\nMujahid' }),
      claimRecord({ id: 'd', source: { ...SOURCE, outlet: 'The\u0000 Diplomat' } }),
      claimRecord({ id: 'e', via: [{ name: 'Tolo\u0085News', relation: 'cites' }] }),
      claimRecord({ id: 'f', mission: { country: 'Tajikistan', city: 'Khorog\u007f', kind: 'consulate' } }),
      claimRecord({ id: 'g\u00072' }),
      claimRecord({ id: 'h', respondsTo: 'khorog\u001b-visit' }),
      { type: 'retraction', claim: 'x', reason: 'withdrawn\r\nby the ministry' },
      // White space around a name is not part of it (a claimant is stored without it): taken.
      claimRecord({
        id: 'k',
        claimant: '\tZabihullah Mujahid\r\n',
        via: [{ name: 'Tolo News\n', relation: 'cites' }],
      }),
    ];
    const report = await ingest(new MemoryEventStore(), folder.file('in.ndjson', ndjson(records)));
    expect(report.added).toBe(1); // line 10
    const id =
      'which an id would read as a "-", so it would name another claim than the one it looks like: remove it';
    expect(report.rejected.map((r) => [r.line, r.path, r.message])).toEqual([
      [1, 'claimant', `holds the control character U+001B at character 12, ${other}`],
      [2, 'claimant', `holds a tab (U+0009) at character 11, ${line}`],
      [3, 'claimant', `holds a line break (U+000A) at character 11, ${line}`],
      [4, 'source.outlet', `holds the control character U+0000 at character 4, ${other}`],
      [5, 'via.0.name', `holds a next-line control (NEL) (U+0085) at character 5, ${line}`],
      [6, 'mission.city', `holds the control character U+007F at character 7, ${other}`],
      [7, 'id', `holds the control character U+0007 at character 2, ${id}`],
      [8, 'respondsTo', `holds the control character U+001B at character 7, ${id}`],
      [9, 'reason', `holds a carriage return (U+000D) at character 10, ${line}`],
    ]);
  });

  it('keeps what a quote and notes hold', async () => {
    const quote = 'they came\n\tand \u001b[1mleft\u0007';
    const records = [
      claimRecord({ id: 'a', claimant: 'Zabihullah Mujahid', quote, notes: 'seen\r\nagain\u0000' }),
    ];
    const store = new MemoryEventStore();
    const report = await ingest(store, folder.file('in.ndjson', ndjson(records)));
    expect(report.rejected).toEqual([]);
    const [claim] = await claims(store);
    expect([claim!.quote, claim!.notes]).toEqual([quote, 'seen\r\nagain\u0000']);
  });
});
