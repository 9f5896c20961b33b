// The three checks every rule for a sign that belongs to a name only in its place gets: kept where
// its script puts it, rejected anywhere else (naming it and where it is), and the same rule for a
// name in a raw event. Used by the tests of each such rule, one file per family of signs.
import { MemoryEventStore } from '@kb/store';
import { expect, it } from 'vitest';
import { nameCharIssues } from '../../records/claim-record.js';
import { ingest } from '../run/ingest.js';
import { claims, type TestFolder } from './ingest-test-kit.js';
import { claimRecord, ndjson } from './test-records.js';

/**
 * Registers the three tests, inside the caller's describe: `kept` names ingest must store as written,
 * `refused` pairs of a name and the words its rejection must name (`a Kaithi number sign (U+110BD)
 * at character 8`).
 */
export function signsInNameCases(
  folder: TestFolder,
  kept: readonly string[],
  refused: readonly (readonly [string, string])[],
): void {
  it('keeps each where its script puts it, as part of the name', async () => {
    const records = kept.map((claimant, i) => claimRecord({ id: `kept-${i}`, claimant }));
    const store = new MemoryEventStore();
    const report = await ingest(store, folder.file('in.ndjson', ndjson(records)));
    expect(report.rejected).toEqual([]);
    expect((await claims(store)).map((c) => c.claimant.asWritten)).toEqual(kept);
  });

  it('rejects each anywhere else, naming it and where it is', async () => {
    const records = refused.map(([claimant], i) => claimRecord({ id: `refused-${i}`, claimant }));
    const store = new MemoryEventStore();
    const report = await ingest(store, folder.file('in.ndjson', ndjson(records)));
    expect(report.rejected.map((r) => [r.line, r.path])).toEqual(refused.map((_, i) => [i + 1, 'claimant']));
    for (const [i, [, told]] of refused.entries())
      expect(report.rejected[i]?.message, refused[i]![0]).toContain(`holds ${told},`);
    expect(await claims(store)).toEqual([]);
  });

  it('reads a name in a raw event by the same rule', () => {
    for (const name of kept) expect(nameCharIssues(name), name).toEqual([]);
    for (const [name, told] of refused)
      expect(nameCharIssues(name), name).toEqual([expect.stringContaining(told)]);
  });
}
