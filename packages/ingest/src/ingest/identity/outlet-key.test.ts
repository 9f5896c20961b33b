// An outlet whose name has no Latin letters is known by its name's key (nameKey in @kb/domain), as a
// Latin name is by its slug: spellings that differ only in case, accents, a joiner, a direction mark
// or the space inside a Persian name are one outlet, with one id, and one report for one URL.
import { MemoryEventStore } from '@kb/store';
import { describe, expect, it } from 'vitest';
import { ingest } from '../run/ingest.js';
import { all } from '../test-kit/ingest-test-kit.js';
import { claimRecord } from '../test-kit/test-records.js';
import { earlierReportIds, reportIdsOf, sourceIdOf } from './ids.js';

const ZWNJ = '\u200c';
const RLM = '\u200f';
// Radio Azadi, written four ways: spaced, with its joiner, closed up, and with a direction mark.
const AZADI = ['رادیو آزادی', `رادیو${ZWNJ}آزادی`, 'رادیوآزادی', `رادیو آزادی${RLM}`];

describe('sourceIdOf, for a name with no Latin letters', () => {
  it('gives the ids pinned here: a change to how names fold (nameKey) changes stored identities', () => {
    // An outlet's id is kept in every event about it, so these may change only with an earlier form
    // added to earlierReportIds, which finds a store's outlets under the ids it gave them.
    expect(sourceIdOf('رادیو آزادی')).toBe('outlet-0e90c2e288');
    expect(sourceIdOf('Азаттык')).toBe('outlet-98a50de6bc');
    expect(sourceIdOf('岸田 文雄')).toBe(sourceIdOf('岸田文雄'));
  });

  it('gives one id to spellings that differ in spacing, a joiner or a direction mark', () => {
    const ids = new Set(AZADI.map(sourceIdOf));
    expect(ids.size).toBe(1);
    expect([...ids][0]).toMatch(/^outlet-[0-9a-f]{10}$/);
    expect(sourceIdOf('رادیو فردا')).not.toBe(sourceIdOf(AZADI[0]!));
  });

  it('gives one id to spellings that differ in case or accents, as a slug does for Latin', () => {
    expect(sourceIdOf('АЗАТТЫК')).toBe(sourceIdOf('Азаттык'));
    expect(sourceIdOf('Ἐφημερίς')).toBe(sourceIdOf('εφημερις'));
    expect(sourceIdOf('The Diplomat')).toBe('the-diplomat');
    expect(sourceIdOf('THE  DIPLOMAT!')).toBe('the-diplomat');
  });

  it('keeps apart the words of a Cyrillic name, and names of symbols alone by their text', () => {
    expect(sourceIdOf('Радио Свобода')).not.toBe(sourceIdOf('РадиоСвобода'));
    // Nothing is left of these when folded: each keeps the hash of its text, as before 2026-12-08.
    expect(sourceIdOf('★★★')).not.toBe(sourceIdOf('☆☆☆'));
    expect(earlierReportIds({ outlet: '★★★', url: 'https://x.example/a', published: '2023-03-28' })).toEqual(
      [],
    );
  });

  it("names the id an earlier version gave the outlet as an earlier form of the report's ids", () => {
    const source = {
      outlet: `رادیو آزادی${RLM}`,
      url: 'https://da.azadiradio.com/a/1.html',
      published: '2023-03-28',
    };
    const earlier = earlierReportIds(source);
    expect(earlier).toHaveLength(1);
    expect(earlier[0]!.sourceId).not.toBe(reportIdsOf(source).sourceId);
    expect(earlier[0]!.reportId.startsWith(`${earlier[0]!.sourceId}-2023-03-28-`)).toBe(true);
    // A Latin outlet's ids never changed.
    expect(earlierReportIds({ ...source, outlet: 'Radio Azadi' })).toEqual([]);
  });
});

describe('ingest: one outlet written four ways', () => {
  it('registers one source and one report for one URL, with each claim under it', async () => {
    const store = new MemoryEventStore();
    const records = AZADI.map((outlet, i) =>
      claimRecord({
        id: `azadi-${i}`,
        source: { outlet, url: 'https://da.azadiradio.com/a/32333333.html', published: '2023-03-28' },
        quote: `account ${i}`,
      }),
    );
    const report = await ingest(store, records);
    expect(report).toMatchObject({ added: 4, rejectedLines: 0 });
    const events = await all(store);
    const of = (type: string) =>
      events
        .filter((e) => e.type === type)
        .map((e) => e.data as { outlet: string; reportId: string; sourceId: string });
    const sources = of('SourceRegistered');
    expect(sources.map((s) => s.outlet)).toEqual([AZADI[0]]);
    const reports = of('ReportCaptured');
    expect(reports).toHaveLength(1);
    expect(new Set(of('ClaimRecorded').map((c) => c.reportId))).toEqual(new Set([reports[0]!.reportId]));
    expect(sources[0]!.sourceId).toBe(sourceIdOf(AZADI[3]!));
  });
});
