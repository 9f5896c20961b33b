// What ingest makes of an input that ends where a record does not: the record is read, or rejected,
// counted and copied to the rejects file like any other rejected record.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MemoryEventStore } from '@kb/store';
import { describe, expect, it } from 'vitest';
import { ingest } from '../ingest/run/ingest.js';
import { folderPerTest } from '../ingest/test-kit/ingest-test-kit.js';
import { claimRecord } from '../ingest/test-kit/test-records.js';

const folder = folderPerTest();
const claimLine = (id: string) => JSON.stringify(claimRecord({ id }));

async function ingestText(text: string) {
  const rejectsPath = join(folder.dir, 'rejects.ndjson');
  const report = await ingest(new MemoryEventStore(), folder.file('in.json', text), { rejectsPath });
  const rejects = report.rejectsPath === null ? null : readFileSync(rejectsPath, 'utf8');
  return { report, rejects };
}

describe('ingest: the end of the input', () => {
  it('reads one record with no line break after it, after blank lines or none', async () => {
    for (const text of [claimLine('one'), `\n\r\n  \n${claimLine('one')}`]) {
      const { report } = await ingestText(text);
      expect(report).toMatchObject({ records: 1, added: 1, rejectedLines: 0 });
    }
    const { report, rejects } = await ingestText('{"broken');
    expect(report).toMatchObject({ lines: 1, records: 1, added: 0, rejectedLines: 1 });
    expect(rejects).toBe('{"broken\n');
  });

  it('counts a record the input ends inside of, and copies its text to the rejects file', async () => {
    const first = JSON.stringify(JSON.parse(claimLine('one')), null, 2);
    for (const [text, records, copied] of [
      ['[{"id":"x"', 1, '{"id":"x"'],
      [`${first}\n{\n  "id": "x",\n  "quote": "cut\n\n`, 2, '{"id":"x","quote":"cut'],
    ] as const) {
      const { report, rejects } = await ingestText(text);
      expect(report.records).toBe(records);
      expect(report.rejected).toEqual([
        expect.objectContaining({ path: '', message: expect.stringContaining('closed') }),
      ]);
      expect(rejects).toBe(`${copied}\n`);
    }
  });
});
