// An event record's names and web addresses are held to a claim record's rules: a name of spaces,
// tabs or zero-width characters alone, or an address other than http(s), is rejected at its path;
// a revision that changes nothing is rejected; an assessment dated after today is noted.
import { describe, expect, it } from 'vitest';
import { ingest } from '../run/ingest.js';
import { all } from '../test-kit/ingest-test-kit.js';
import { day, event, problems, storeWithClaim } from '../test-kit/raw-event-records.js';

const BLANK = 'holds only spaces or invisible characters: write it as the source gives it';
const WEB = 'expected an http or https address such as https://thediplomat.com/2023/03/report/';

describe('ingest: names and addresses in event records', () => {
  it('rejects a blank name at its path, as a claim record would', async () => {
    const { store, reportId } = await storeWithClaim();
    const before = (await all(store)).length;
    const report = await ingest(store, [
      event('ActorRegistered', { actorId: 'nrf', name: '\u200b', kind: 'faction', aliases: [] }),
      event('ActorRegistered', {
        actorId: 'nrf2',
        name: 'NRF two',
        kind: 'faction',
        aliases: ['NRF', '   '],
      }),
      event('SourceRegistered', { sourceId: 'blank-outlet', outlet: '\t', kind: 'news-outlet' }),
      event('MissionRegistered', {
        missionId: 'xx-blank-embassy',
        name: '  ',
        kind: 'embassy',
        country: ' ',
        city: '\u200b\u200c',
        aliases: [],
      }),
      event('SourceGraded', { sourceId: 'the-diplomat', reliability: 'A', rationale: ' ', gradedBy: ' ' }),
      event('ReportCaptured', {
        reportId: 'the-diplomat-2023-03-28-zzzz',
        sourceId: 'the-diplomat',
        url: 'javascript:alert(1)',
        title: ' ',
        author: '\t',
        published: day('2023-03-28'),
        retrieved: null,
      }),
      event('ClaimAssessed', {
        claimId: 'first',
        credibility: 2,
        likelihood: null,
        rationale: ' ',
        assessedBy: '\u200b',
        assessedOn: null,
      }),
      event('ReportRevised', { reportId, changes: {}, reason: 'empty changes' }),
      event('ReportRevised', { reportId, changes: { url: 'ftp://x y' }, reason: 'bad url' }),
      event('ReportRevised', { reportId, changes: { title: '   ' }, reason: ' ' }),
      event('AliasAdded', { subject: 'actor', id: 'taliban', alias: '\u2060' }),
      event('ClaimRetracted', { claimId: 'first', reportId: null, reason: '\u00a0', quote: ' ' }),
      event('ClaimCorrected', {
        claimId: 'first',
        changes: { claimant: { asWritten: ' ', actorId: null }, via: [{ name: '\t', relation: 'cites' }] },
        reason: 'r',
        correctedBy: '\u200b',
      }),
    ]);
    expect(problems(report)).toEqual([
      [1, 'event.data.name', BLANK],
      [2, 'event.data.aliases.1', BLANK],
      [3, 'event.data.outlet', BLANK],
      [4, 'event.data.name', BLANK],
      [4, 'event.data.country', BLANK],
      [4, 'event.data.city', BLANK],
      [5, 'event.data.rationale', BLANK],
      [5, 'event.data.gradedBy', BLANK],
      [6, 'event.data.title', BLANK],
      [6, 'event.data.author', BLANK],
      [6, 'event.data.url', `${WEB}; got string "javascript:alert(1)"`],
      [7, 'event.data.rationale', BLANK],
      [7, 'event.data.assessedBy', BLANK],
      [8, 'event.data.changes', 'a revision must change at least one field'],
      [9, 'event.data.changes.url', `${WEB}; got string "ftp://x y"`],
      [10, 'event.data.changes.title', BLANK],
      [10, 'event.data.reason', BLANK],
      [11, 'event.data.alias', BLANK],
      [12, 'event.data.reason', BLANK],
      [12, 'event.data.quote', BLANK],
      [13, 'event.data.changes.claimant.asWritten', BLANK],
      [13, 'event.data.changes.via.0.name', BLANK],
      [13, 'event.data.correctedBy', BLANK],
    ]);
    expect(report.added).toBe(0);
    expect((await all(store)).length).toBe(before);
  });

  it('takes names and web addresses a reader can see, and notes an assessment dated after today', async () => {
    const { store, reportId } = await storeWithClaim();
    const report = await ingest(store, [
      event('ReportRevised', {
        reportId,
        changes: { url: 'HTTPS://example.org/b', title: 'T' },
        reason: 'moved',
      }),
      event('ClaimAssessed', {
        claimId: 'first',
        credibility: 2,
        likelihood: null,
        rationale: 'checked',
        assessedBy: 'me',
        assessedOn: '2999-01-01',
      }),
    ]);
    expect([report.added, report.rejected]).toEqual([2, []]);
    expect(report.notices.map((n) => [n.line, n.path, n.message])).toEqual([
      [
        2,
        'event.data.assessedOn',
        expect.stringMatching(/^2999-01-01 is after today \(\d{4}-\d\d-\d\d\): .*stored as written/),
      ],
    ]);
  });

  it('does not note an assessment dated today', async () => {
    const { store } = await storeWithClaim();
    const today = new Date().toISOString().slice(0, 10);
    const report = await ingest(store, [
      event('ClaimAssessed', {
        claimId: 'first',
        credibility: 2,
        likelihood: null,
        rationale: 'checked',
        assessedBy: 'me',
        assessedOn: today,
      }),
    ]);
    expect([report.added, report.rejected, report.notices]).toEqual([1, [], []]);
  });
});
