// A name may hold the joiners and marks its own writing needs: an emoji sequence is joined by a
// zero-width joiner (👩‍💻 is 👩, U+200D, 💻), Devanagari and Persian use the joiners between letters,
// Hebrew a right-to-left mark, and a subdivision flag (🏴󠁧󠁢󠁷󠁬󠁳󠁿, Wales) is spelt with tag characters.
// b965cd8 rejects an invisible formatting character in a name; these are not debris and are kept.
import { MemoryEventStore } from '@kb/store';
import { describe, expect, it } from 'vitest';
import { claims, folderPerTest } from '../test-kit/ingest-test-kit.js';
import { claimRecord, ndjson, SOURCE } from '../test-kit/test-records.js';
import { ingest } from './ingest.js';

const folder = folderPerTest();

const NAMES = [
  'Kabul Now 👩\u200d💻',
  'Analyst 👩🏽\u200d🔬',
  'Family desk 👨\u200d👩\u200d👧',
  'BBC Wales 🏴\u{e0067}\u{e0062}\u{e0077}\u{e006c}\u{e0073}\u{e007f}',
  'क्\u200dष संवाददाता',
  'ד"ר כהן\u200f',
  'ذبیح\u200cالله مجاهد',
];

describe('ingest: joiners and marks a name is written with', () => {
  it('keeps each as part of the name', async () => {
    const records = NAMES.map((claimant, i) => claimRecord({ id: `n-${i}`, claimant }));
    const store = new MemoryEventStore();
    const report = await ingest(store, folder.file('in.ndjson', ndjson(records)));
    expect(report.rejected).toEqual([]);
    expect((await claims(store)).map((c) => c.claimant.asWritten)).toEqual(NAMES);
  });

  it('still rejects a joiner between Latin letters, or one beside a flag that is no emoji sequence', async () => {
    const records = [
      claimRecord({ id: 'a', claimant: 'Zabihullah Mu\u200djahid' }),
      claimRecord({ id: 'b', source: { ...SOURCE, outlet: 'The Dip\u{e0067}lomat' } }),
    ];
    const report = await ingest(new MemoryEventStore(), folder.file('in.ndjson', ndjson(records)));
    expect(report.rejected.map((r) => [r.line, r.path])).toEqual([
      [1, 'claimant'],
      [2, 'source.outlet'],
    ]);
  });
});
