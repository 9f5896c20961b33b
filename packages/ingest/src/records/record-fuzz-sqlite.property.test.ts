// Fuzzing the claim-record reader through the real ingest path into a SQLite file: the same
// generated files (record-fuzz-lines.ts) and checks (record-fuzz-check.ts) as with a memory store,
// and the file's chain verifies whatever text went in.
import { join } from 'node:path';
import { openSqliteStore } from '@kb/store';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkFile, dir, files, useFuzzFolder } from './record-fuzz-check.js';
import { fuzzFile } from './record-fuzz-lines.js';
import { endsOnTrailingBackslash } from './safe-json-in-child.js';

useFuzzFolder();

// Generated text holds strings that end in backslashes. Were safe-json.ts to loop on one (what
// safe-json-ends.test.ts guards against), this file would hang, for no test timeout stops a loop
// that never yields: one such text is parsed in a child process first, and the file fails at once.
beforeAll(() => {
  expect(endsOnTrailingBackslash(), 'parseJsonSafely did not end on a string ending in a backslash').toBe(
    true,
  );
}, 30_000);

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
