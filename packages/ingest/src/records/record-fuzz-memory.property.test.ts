// Fuzzing the claim-record reader through the real ingest path (file -> line splitter -> JSON ->
// schema -> events -> store) into a memory store: generated files (record-fuzz-lines.ts) mix valid
// records with broken ones and texts at a field's length limit, one below it or one past it, and
// every file is checked as record-fuzz-check.ts says; over the runs, every limited field must have
// been filled at, under and past its limit.
import { MemoryEventStore } from '@kb/store';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkFile, everyEdgeSeen, useFuzzFolder } from './record-fuzz-check.js';
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
  it('memory store: never throws, stores no invalid record, loses no valid one', async () => {
    await fc.assert(
      fc.asyncProperty(fuzzFile, async (lines) => {
        await checkFile(lines, new MemoryEventStore());
      }),
      { numRuns: 500 },
    );
    expect(everyEdgeSeen()).toEqual([]);
  }, 120_000);
});
