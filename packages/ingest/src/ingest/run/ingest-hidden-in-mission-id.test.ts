// A mission written as an id holding an invisible formatting or control character would name
// another mission than the one it looks like ("tj-kho<U+200B>rog-consulate" read as the new mission
// tj-kho-rog-consulate): it is rejected at the field, as such a character in a claim id is.
import { MemoryEventStore } from '@kb/store';
import { describe, expect, it } from 'vitest';
import { claims, folderPerTest } from '../test-kit/ingest-test-kit.js';
import { claimRecord, ndjson } from '../test-kit/test-records.js';
import { ingest } from './ingest.js';

const folder = folderPerTest();
const another =
  'which an id would read as a "-", so it would name another mission than the one it looks like: remove it';

describe('ingest: a mission id holding a character no reader sees', () => {
  it('is rejected at the field, naming the character; the id written plainly is taken', async () => {
    const records = [
      claimRecord({ id: 'a', mission: 'tj-khorog-consulate' }),
      claimRecord({ id: 'b', mission: 'tj-kho\u200brog-consulate' }),
      claimRecord({ id: 'c', mission: 'tj-khorog-\u0007consulate' }),
      { type: 'correction', claim: 'a', changes: { mission: 'tj-khorog-consulate\u2060' }, reason: 'r' },
    ];
    const store = new MemoryEventStore();
    const report = await ingest(store, folder.file('in.ndjson', ndjson(records)));
    expect(report.rejected.map((r) => [r.line, r.path, r.message])).toEqual([
      [2, 'mission', `holds a zero-width space (U+200B) at character 7, which no reader sees and ${another}`],
      [3, 'mission', `holds the control character U+0007 at character 11, ${another}`],
      [
        4,
        'changes.mission',
        `holds a word joiner (U+2060) at character 20, which no reader sees and ${another}`,
      ],
    ]);
    expect((await claims(store)).map((c) => [c.claimId, c.missionId])).toEqual([
      ['a', 'tj-khorog-consulate'],
    ]);
  });
});
