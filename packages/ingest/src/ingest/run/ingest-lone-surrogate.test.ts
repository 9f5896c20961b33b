// A lone surrogate written as a JSON escape: refused like the same character written as raw bytes.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MemoryEventStore } from '@kb/store';
import { describe, expect, it } from 'vitest';
import { claims, folderPerTest } from '../test-kit/ingest-test-kit.js';
import { claimRecord } from '../test-kit/test-records.js';
import { ingest } from './ingest.js';

const folder = folderPerTest();

describe('ingest: lone surrogate escapes', () => {
  it('rejects a quote holding "\\ud800" at quote, keeps an escaped emoji, and copies the line as written', async () => {
    const store = new MemoryEventStore();
    const lone = JSON.stringify(claimRecord({ id: 'lone', quote: 'lone @ surrogate' })).replace(
      '@',
      '\\ud800',
    );
    const pair = JSON.stringify(claimRecord({ id: 'pair', quote: 'smile @' })).replace('@', '\\ud83d\\ude00');
    const path = folder.file('surrogates.ndjson', `${lone}\n${pair}\n`);
    const rejectsPath = join(folder.dir, 'rejects.ndjson');
    const report = await ingest(store, path, { rejectsPath });
    expect(report).toMatchObject({ records: 2, added: 1, rejectedLines: 1 });
    expect(report.rejected).toEqual([
      {
        line: 1,
        path: 'quote',
        message: expect.stringMatching(/^the escape \\ud800 is a lone surrogate, not a character/),
      },
    ]);
    expect((await claims(store)).map((c) => [c.claimId, c.quote])).toEqual([['pair', 'smile 😀']]);
    expect(readFileSync(rejectsPath, 'utf8')).toBe(`${lone}\n`);
  });
});

describe('ingest: lone surrogates a script hands over as characters', () => {
  it('rejects a record string holding a lone surrogate itself, high or low, at its field, and stores the rest', async () => {
    const store = new MemoryEventStore();
    const high = JSON.stringify(claimRecord({ id: 'high', quote: 'lone @ raw' })).replace('@', '\uD800');
    const low = JSON.stringify(claimRecord({ id: 'low', claimant: 'x @ y' })).replace('@', '\uDC00');
    const pair = JSON.stringify(claimRecord({ id: 'pair', quote: 'smile 😀' }));
    const report = await ingest(store, [high, low, pair]);
    expect(report).toMatchObject({ records: 3, added: 1, rejectedLines: 2 });
    expect(report.rejected).toEqual([
      {
        line: 1,
        path: 'quote',
        message: expect.stringMatching(
          /^the character \\ud800 \(U\+D800\) is a lone surrogate, not a character/,
        ),
      },
      {
        line: 2,
        path: 'claimant',
        message: expect.stringMatching(/^the character \\udc00 \(U\+DC00\) is a lone surrogate/),
      },
    ]);
    expect((await claims(store)).map((c) => [c.claimId, c.quote])).toEqual([['pair', 'smile 😀']]);
  });
});
