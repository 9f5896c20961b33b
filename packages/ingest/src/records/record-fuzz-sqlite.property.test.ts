// Fuzzing the claim-record reader through the real ingest path into a SQLite file: the same
// generated files (record-fuzz-lines.ts) and checks (record-fuzz-check.ts) as with a memory store,
// and the file's chain verifies whatever text went in.
import { join } from 'node:path';
import { openSqliteStore } from '@kb/store';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkFile, dir, files, useFuzzFolder } from './record-fuzz-check.js';
import { fuzzFile } from './record-fuzz-lines.js';

useFuzzFolder();

describe('fuzzing the claim-record reader through ingest', () => {
  it('SQLite file: the same, and the chain verifies with whatever text went in', async () => {
    await fc.assert(
      fc.asyncProperty(fuzzFile, async (lines) => {
        const path = join(dir, `fuzz-${files + 1}.sqlite`);
        const store = openSqliteStore({ path });
        try {
          await checkFile(lines, store);
          expect(await store.verify()).toMatchObject({ ok: true, firstBreak: null });
        } finally {
          await store.close();
        }
      }),
      { numRuns: 150 },
    );
  }, 120_000);
});
