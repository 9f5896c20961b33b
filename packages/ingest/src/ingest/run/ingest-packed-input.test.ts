// docs/claim-records.md, "The file": an input that cannot be claim records, told by its first bytes
// (compressed, or UTF-16), is refused whole before anything is read: the one problem of line 1,
// at path '', counted as one record, nothing stored and nothing copied to the rejects file; the
// message of a compressed file gives the command that unpacks it into `kb ingest -`. The reader's
// own test (utf8-lines.test.ts) sees the refusal as an item and the command of gzip alone; here is
// what a run makes of it, for each kind of compression.
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { MemoryEventStore } from '@kb/store';
import { describe, expect, it } from 'vitest';
import { all, folderPerTest } from '../test-kit/ingest-test-kit.js';
import { claimRecord, ndjson } from '../test-kit/test-records.js';
import { ingest } from './ingest.js';

const folder = folderPerTest();
const records = Buffer.from(ndjson([claimRecord({ id: 'a' }), claimRecord({ id: 'b' })]));

const PACKED: [name: string, bytes: Uint8Array, said: string][] = [
  [
    'claims.ndjson.gz',
    gzipSync(records),
    'the file is gzip-compressed, not claim records: nothing of it was read. Unpack it first (gunzip -c FILE.gz | kb ingest -)',
  ],
  [
    'claims.ndjson.bz2',
    Buffer.from('BZh91AY&SY\u0000\u0001'),
    'the file is bzip2-compressed, not claim records: nothing of it was read. Unpack it first (bunzip2 -c FILE.bz2 | kb ingest -)',
  ],
  [
    'claims.ndjson.xz',
    Uint8Array.of(0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00, 0x00, 0x04, 0xe6, 0xd6),
    'the file is xz-compressed, not claim records: nothing of it was read. Unpack it first (xz -dc FILE.xz | kb ingest -)',
  ],
  [
    'claims.ndjson.zst',
    Uint8Array.of(0x28, 0xb5, 0x2f, 0xfd, 0x24, 0x10, 0x81, 0x00, 0x00),
    'the file is zstd-compressed, not claim records: nothing of it was read. Unpack it first (zstd -dc FILE.zst | kb ingest -)',
  ],
  [
    'claims-utf16.ndjson',
    Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(records.toString('utf8'), 'utf16le')]),
    'the file is UTF-16 (little-endian), and kb reads UTF-8: nothing of it was read',
  ],
];

describe('ingest: an input refused for what it is', () => {
  it.each(PACKED)(
    '%s is one problem of line 1, at no path, and nothing is stored or copied',
    async (name, bytes, said) => {
      const path = join(folder.dir, name);
      writeFileSync(path, bytes);
      const rejectsPath = join(folder.dir, `${name}.rejected.ndjson`);
      const store = new MemoryEventStore();
      const report = await ingest(store, path, { rejectsPath });
      expect(report).toMatchObject({
        lines: 1,
        records: 1,
        added: 0,
        eventsAppended: 0,
        skipped: 0,
        rejectedLines: 1,
        rejectedProblems: 1,
        rejectedCopies: [null],
        rejectsPath: null,
        batches: 0,
      });
      expect(report.rejected).toEqual([{ line: 1, path: '', message: expect.stringContaining(said) }]);
      expect(await all(store)).toEqual([]);
      expect(existsSync(rejectsPath)).toBe(false);
    },
  );
});
