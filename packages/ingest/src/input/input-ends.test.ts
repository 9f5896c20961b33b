// What ingest makes of an input that ends where a record does not: the record is read, or rejected,
// counted and copied to the rejects file like any other rejected record.
import { readFileSync, writeFileSync } from 'node:fs';
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

  it('counts the lines of a last record rejected for bytes that are not UTF-8, to its end', async () => {
    const pretty = (id: string) => JSON.stringify(claimRecord({ id }), null, 2);
    const [a, b] = [pretty('a'), pretty('b')];
    const lines = `${a}\n${b}\n`.split('\n').length - 1;
    const bytes = Buffer.from(`${a}\n${b.replace('"quote": "', '"quote": "@')}\n`);
    bytes[bytes.lastIndexOf('@')] = 0x92;
    const path = join(folder.dir, 'cp1252.json');
    writeFileSync(path, bytes);
    const report = await ingest(new MemoryEventStore(), path);
    expect(report).toMatchObject({ lines, records: 2, added: 1, rejectedLines: 1 });
  });
});
