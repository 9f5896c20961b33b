// A record nested deeper than any claim needs is one bad line: rejected at its line, the run going on.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MemoryEventStore } from '@kb/store';
import { describe, expect, it } from 'vitest';
import { MAX_DEPTH } from '../../records/safe-json.js';
import { claims, folderPerTest } from '../test-kit/ingest-test-kit.js';
import { claimRecord } from '../test-kit/test-records.js';
import { ingest } from './ingest.js';

const folder = folderPerTest();

describe('ingest: records nested too deep', () => {
  const deepNotes = `${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}`;
  const deepArray = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
  const good = (n: number) => JSON.stringify(claimRecord({ id: `good-${n}`, notes: 'ok \u00e9' }));
  const lines = [
    good(1),
    good(2),
    `{"id":"deep-notes","notes":${deepNotes}}`,
    good(3),
    `${JSON.stringify(claimRecord({ id: 'deep-via' })).slice(0, -1)},"via":${deepArray}}`,
    good(4),
  ];

  it('rejects each at its line and field, stores the lines around them and copies them to the rejects file', async () => {
    const store = new MemoryEventStore();
    const rejectsPath = join(folder.dir, 'rejects.ndjson');
    const report = await ingest(store, folder.file('deep.ndjson', `${lines.join('\n')}\n`), {
      rejectsPath,
      batchSize: 2,
    });
    expect(report.added).toBe(4);
    expect(report.rejected.map((r) => `${r.line}:${r.path}`)).toEqual(['3:notes', '5:via']);
    expect(report.rejected[0]?.message).toMatch(`nested more than ${MAX_DEPTH} levels deep`);
    expect((await claims(store)).map((c) => c.claimId).sort()).toEqual([
      'good-1',
      'good-2',
      'good-3',
      'good-4',
    ]);
    expect(readFileSync(rejectsPath, 'utf8')).toBe(`${lines[2]}\n${lines[4]}\n`);
  });
});
