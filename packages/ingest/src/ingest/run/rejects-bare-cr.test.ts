// A file whose lines end in bare carriage returns is read as one line and rejected with a hint to
// convert them; its rejects file must keep that line as written, carriage returns included, or
// neither the hint nor the records' own text survives there (stdin's rejects file is the only copy).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MemoryEventStore } from '@kb/store';
import { describe, expect, it } from 'vitest';
import { folderPerTest } from '../test-kit/ingest-test-kit.js';
import { claimRecord } from '../test-kit/test-records.js';
import { ingest } from './ingest.js';
import { oneLine } from './rejects-line.js';

const folder = folderPerTest();

describe('the rejects file of a line holding bare carriage returns', () => {
  const a = JSON.stringify(claimRecord({ id: 'a' }), null, 1).replaceAll('\n', '');
  const b = JSON.stringify(claimRecord({ id: 'b' }));
  const mac = `${a}\r${b}\r`;

  it('keeps a line without a line feed as written: a bare CR parts no line of the rejects file', () => {
    expect(oneLine(`${a}\r${b}`)).toBe(`${a}\r${b}`);
    expect(oneLine('{"a": 1,\r "b": 2}')).toBe('{"a": 1,\r "b": 2}');
  });

  it('copies the old Mac file byte for byte, so sending it again gets the same hint', async () => {
    const rejectsPath = join(folder.dir, 'mac.rejected.ndjson');
    const report = await ingest(new MemoryEventStore(), folder.file('mac.ndjson', mac), { rejectsPath });
    expect(report).toMatchObject({ lines: 1, added: 0, rejectedLines: 1 });
    // The line as read (its last CR is its line ending), and the line break the rejects file adds.
    expect(readFileSync(rejectsPath, 'utf8')).toBe(`${a}\r${b}\n`);
    const again = await ingest(new MemoryEventStore(), rejectsPath, {
      rejectsPath: join(folder.dir, 'again.ndjson'),
    });
    expect(again.rejected[0]?.message).toContain('lines end in a bare carriage return');
  });
});
