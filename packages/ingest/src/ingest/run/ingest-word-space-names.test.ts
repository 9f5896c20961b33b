// Thai, Lao, Khmer, Myanmar and Tibetan put a zero-width space (U+200B) between words where a line
// may break. A quote keeps it, as it keeps every character but a byte order mark, and kb's text
// output shows it there as it is. A name does not hold one: "กระทรวง<U+200B>การต่างประเทศ" looks
// like "กระทรวงการต่างประเทศ" but would be another outlet or origin, so it is rejected at its field
// as a zero-width space anywhere in a name is (docs/claim-records.md).
import { MemoryEventStore } from '@kb/store';
import { describe, expect, it } from 'vitest';
import { claims, folderPerTest } from '../test-kit/ingest-test-kit.js';
import { claimRecord, ndjson, SOURCE } from '../test-kit/test-records.js';
import { ingest } from './ingest.js';

const folder = folderPerTest();
const QUOTE = 'ผู้แทน\u200bกระทรวง\u200bการ\u200bต่างประเทศ\u200bกล่าว';

describe('ingest: a zero-width space between words of Thai', () => {
  it('is kept in a quote', async () => {
    const store = new MemoryEventStore();
    const report = await ingest(
      store,
      folder.file('in.ndjson', ndjson([claimRecord({ id: 'q', quote: QUOTE })])),
    );
    expect(report.rejected).toEqual([]);
    expect((await claims(store)).map((c) => c.quote)).toEqual([QUOTE]);
  });

  it('is rejected in a name, at its field', async () => {
    const records = [
      claimRecord({ id: 'a', claimant: 'กระทรวง\u200bการต่างประเทศ' }),
      claimRecord({ id: 'b', source: { ...SOURCE, outlet: 'ข่าว\u200bสด' } }),
    ];
    const report = await ingest(new MemoryEventStore(), folder.file('in.ndjson', ndjson(records)));
    expect(report.rejected.map((r) => [r.line, r.path])).toEqual([
      [1, 'claimant'],
      [2, 'source.outlet'],
    ]);
    expect(report.rejected[0]!.message).toContain('a zero-width space (U+200B) at character 8');
  });
});
