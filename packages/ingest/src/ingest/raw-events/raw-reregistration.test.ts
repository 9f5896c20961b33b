// A MissionRegistered, SourceRegistered or ReportCaptured event record for an entity already
// registered (stored, or earlier in the input) otherwise than it stands is stored with a note, as
// an ActorRegistered is: the first registration stands, and the note says what of this one did not.
import { describe, expect, it } from 'vitest';
import { ingest } from '../run/ingest.js';
import { all } from '../test-kit/ingest-test-kit.js';
import { day, event, storeWithClaim } from '../test-kit/raw-event-records.js';

const notes = (report: { notices: readonly { line: number; path: string; message: string }[] }) =>
  report.notices.map((n) => [n.line, n.path, n.message]);

describe('ingest: an event record registering a known entity again, otherwise', () => {
  it('notes a mission, source or report stored before, naming what differs', async () => {
    const { store, reportId } = await storeWithClaim();
    const stored = await all(store);
    const mission = stored.find((e) => e.type === 'MissionRegistered')!.data as { missionId: string };
    const report = await ingest(store, [
      event('MissionRegistered', {
        ...mission,
        name: 'Embassy in Kabul',
        country: 'Afghanistan',
      }),
      event('SourceRegistered', {
        sourceId: 'the-diplomat',
        outlet: 'The Diplomat',
        kind: 'other',
        reliability: 'A',
      }),
      event('ReportCaptured', {
        ...(stored.find((e) => e.type === 'ReportCaptured')!.data as object),
        url: 'https://evil.example/',
      }),
    ]);
    expect(report.rejected).toEqual([]);
    expect(notes(report)).toEqual([
      [
        1,
        'event.data',
        `mission "${mission.missionId}" stays as first registered: name "Consulate in Khorog" (this line: "Embassy in Kabul"), country "Tajikistan" (this line: "Afghanistan"); this registration is stored but changes nothing`,
      ],
      [
        2,
        'event.data',
        'source "the-diplomat" stays as first registered: reliability "F" (this line: "A"); this registration is stored but changes nothing (to regrade the source, send a SourceGraded event)',
      ],
      [
        3,
        'event.data',
        `report "${reportId}" stays as first registered: url "https://thediplomat.com/2023/03/talibans-diplomatic-presence-growing-in-central-asia/" (this line: "https://evil.example/"); this registration is stored but changes nothing (to change the report, send a ReportRevised event)`,
      ],
    ]);
  });

  it('notes one registered earlier in the same input, whatever the batch size, and not the same one again', async () => {
    for (const batchSize of [1, 100]) {
      const { store } = await storeWithClaim();
      const first = {
        missionId: 'af-kabul-embassy',
        name: 'Embassy in Kabul',
        kind: 'embassy',
        country: 'Afghanistan',
        city: 'Kabul',
        aliases: [],
      };
      const report = await ingest(
        store,
        [
          event('MissionRegistered', first),
          event('MissionRegistered', first),
          event('MissionRegistered', { ...first, name: 'Kabul Embassy' }),
          event('ReportCaptured', {
            reportId: 'the-diplomat-2024-01-01-aaaa',
            sourceId: 'the-diplomat',
            url: null,
            title: 'T',
            author: null,
            published: day('2024-01-01'),
            retrieved: null,
          }),
        ],
        { batchSize },
      );
      expect([report.added, report.skipped, report.rejected]).toEqual([3, 1, []]);
      expect(notes(report)).toEqual([
        [
          3,
          'event.data',
          'mission "af-kabul-embassy" stays as first registered: name "Embassy in Kabul" (this line: "Kabul Embassy"); this registration is stored but changes nothing',
        ],
      ]);
    }
  });
});
