import type { Account, MissionControl } from '@kb/projections';
import { describe, expect, it } from 'vitest';
import { possiblyNote, renderMission } from './mission.js';

// The text view of one mission, on answers built here: what each account line says.

const account = (claimId: string, more: Partial<Account> = {}): Account => ({
  claimId,
  claimant: { asWritten: 'Consulate staff', actorId: null },
  origin: 'consulate staff',
  stance: 'asserts',
  controller: 'unknown',
  kind: 'visit',
  occurred: {
    text: '2023-03-23',
    earliest: '2023-03-23',
    latest: '2023-03-23',
    anchor: null,
    happened: 'certainly',
  },
  placedAt: null,
  source: {
    outlet: 'Delta Post',
    sourceId: 'delta',
    reportId: 'r1',
    url: null,
    published: { text: '2023-03-26', earliest: '2023-03-26', latest: '2023-03-26', anchor: null },
    reliability: 'F',
  },
  quote: 'nobody came',
  credibility: 6,
  sourceCredibility: 6,
  credibilityAssessed: null,
  respondsTo: null,
  respondsToTarget: null,
  sidesWith: null,
  filedUnder: null,
  contradicts: [],
  deniedBy: [],
  retracted: null,
  corrected: false,
  assessments: [],
  via: [],
  superseded: false,
  supersededBy: null,
  ...more,
});

const controlWith = (accounts: Account[], more: Partial<MissionControl> = {}): MissionControl => ({
  mission: {
    id: 'm',
    name: 'Consulate in Vancouver',
    city: 'Vancouver',
    country: 'Canada',
    kind: 'consulate',
  },
  status: 'unknown',
  controller: null,
  independentOrigins: accounts.length,
  controllerOrigins: null,
  originsByController: [],
  happened: 'certainly',
  restsOn: { accounts: accounts.length, possibly: 0 },
  accounts,
  retractedAccounts: [],
  ...more,
});

describe('kb mission, text view', () => {
  it('says a confirmation of a denial confirms the denial, not the event', () => {
    const text = renderMission(
      controlWith([
        account('f-d1', { stance: 'denies', respondsTo: null }),
        account('f-c', {
          stance: 'confirms',
          respondsTo: 'f-d1',
          sidesWith: { claimId: 'f-d1', stance: 'denies' },
        }),
      ]),
      'all',
    );
    expect(text).toContain('[2] f-c: Consulate staff confirms the denial f-d1 → unknown');
    expect(text).toContain('[1] f-d1: Consulate staff denies visit → unknown');
  });

  it('says where an assessed credibility comes from and what the source gave', () => {
    const assessed = account('g', {
      credibility: 5,
      sourceCredibility: 6,
      credibilityAssessed: { assessedOn: '2023-03-11', assessedBy: 'analyst' },
    });
    const undated = account('h', {
      credibility: 2,
      sourceCredibility: 3,
      credibilityAssessed: { assessedOn: null, assessedBy: 'desk' },
    });
    const text = renderMission(controlWith([assessed, undated, account('own')]), 'all');
    expect(text).toContain('credibility 5 (assessed 2023-03-11 by analyst; source gave 6)');
    expect(text).toContain('credibility 2 (assessed, undated, by desk; source gave 3)');
    expect(text).toMatch(/credibility 6$/m);
  });

  it('says how many standing accounts are superseded, and that the origins are those of the active ones', () => {
    const old = { superseded: true, supersededBy: 'h-hand' };
    const accounts = [
      account('h-rep', old),
      account('h-tal', old),
      account('h-late', old),
      account('h-hand'),
    ];
    const text = renderMission(controlWith(accounts, { independentOrigins: 1 }), 'all');
    expect(text).toContain(
      'Standing accounts: 4 (3 superseded); independent origins behind the 1 active: 1\n',
    );
    const none = renderMission(controlWith([account('a')], { independentOrigins: 1 }), 'all');
    expect(none).toContain('Standing accounts: 1; independent origins: 1\n');
  });

  it('counts beside an undisputed status the origins behind its controller, and a contested one per controller', () => {
    const undisputed = renderMission(
      controlWith([account('a', { controller: 'taliban' }), account('b')], {
        status: 'undisputed',
        controller: 'taliban',
        independentOrigins: 2,
        controllerOrigins: 1,
        originsByController: [
          { controller: 'taliban', accounts: 1, origins: 1 },
          { controller: 'unknown', accounts: 1, origins: 1 },
        ],
      }),
      'all',
    );
    expect(undisputed).toContain(
      'Standing accounts: 2; independent origins behind taliban: 1; 1 more account, from 1 origin, names no controller\n',
    );
    const closed = renderMission(
      controlWith([account('a', { controller: 'none' })], {
        status: 'undisputed',
        controller: 'none',
        independentOrigins: 1,
        controllerOrigins: 1,
        originsByController: [{ controller: 'none', accounts: 1, origins: 1 }],
      }),
      'all',
    );
    expect(closed).toContain('Standing accounts: 1; independent origins behind none (closed): 1\n');
    const contested = renderMission(
      controlWith([account('a'), account('b'), account('c')], {
        status: 'contested',
        independentOrigins: 3,
        originsByController: [
          { controller: 'none', accounts: 1, origins: 1 },
          { controller: 'taliban', accounts: 2, origins: 2 },
          { controller: 'unknown', accounts: 1, origins: 1 },
        ],
      }),
      'all',
    );
    expect(contested).toContain(
      'Standing accounts: 3; independent origins: 3 (none (closed): 1, taliban: 2, naming no controller: 1)\n',
    );
  });

  it('says where an answer is placed on the world axis: at the date of the claim it answers', () => {
    const text = renderMission(
      controlWith([
        account('w-denial', {
          stance: 'denies',
          respondsTo: 'w-visit',
          occurred: {
            text: '2023-03-26',
            earliest: '2023-03-26',
            latest: '2023-03-26',
            anchor: null,
            happened: 'certainly',
          },
          placedAt: {
            claimId: 'w-visit',
            occurred: { text: '2023-03-23', earliest: '2023-03-23', latest: '2023-03-23', anchor: null },
          },
        }),
      ]),
      'all',
    );
    expect(text).toContain(
      'occurred    2023-03-26; placed at 2023-03-23, the date of w-visit, which it answers — certainly by the\n',
    );
  });

  it('says where a denial filed under another mission is filed, and that its controller is said of that one', () => {
    const text = renderMission(
      controlWith([
        account('x-denial', { stance: 'denies', respondsTo: 'x-visit', filedUnder: 'tj-dushanbe-embassy' }),
        account('y-dispute', {
          stance: 'disputes',
          controller: 'republic',
          respondsTo: 'x-visit',
          filedUnder: 'tj-dushanbe-embassy',
        }),
      ]),
      'all',
    );
    expect(text).toContain(
      '[1] x-denial: Consulate staff denies visit → unknown  (filed under tj-dushanbe-embassy)',
    );
    expect(text).toContain(
      '[2] y-dispute: Consulate staff disputes visit → republic  (filed under tj-dushanbe-embassy, which the controller is said of)',
    );
  });

  it('says who retracted an account and where: the retraction report, its words and when it was recorded', () => {
    const text = renderMission(
      controlWith([], {
        retractedAccounts: [
          account('v', {
            retracted: {
              at: '2026-12-06T09:24:40.853Z',
              reason: 'the ministry withdrew the statement',
              quote: 'No delegation went.',
              reportId: 'r-tolo',
              report: {
                reportId: 'r-tolo',
                sourceId: 'tolo',
                outlet: 'Tolo News',
                url: 'https://tolonews.example/r',
                published: { text: '2023-04-02', earliest: '2023-04-02', latest: '2023-04-02', anchor: null },
              },
            },
          }),
          account('w', {
            retracted: {
              at: '2026-12-06T09:00:00.000Z',
              reason: 'withdrawn',
              quote: null,
              reportId: null,
              report: null,
            },
          }),
        ],
      }),
      'all',
    );
    expect(text).toContain(
      'retracted   the ministry withdrew the statement — by Tolo News, published 2023-04-02,',
    );
    expect(text).toContain('https://tolonews.example/r: “No delegation went.”');
    expect(text).toContain('(recorded 2026-12-06T09:24:40.853Z)');
    expect(text).toContain(
      'retracted   withdrawn — with no report of its own (recorded 2026-12-06T09:00:00.000Z)',
    );
  });

  it('keeps the flags apart from the retraction reason, and says disputed by for a dispute', () => {
    const text = renderMission(
      controlWith(
        [
          account('v', { deniedBy: ['d', 'e', 'f'] }),
          account('d', { stance: 'denies' }),
          account('e', { stance: 'disputes' }),
          account('f', { stance: 'confirms', sidesWith: { claimId: 'e', stance: 'disputes' } }),
        ],
        {
          retractedAccounts: [
            account('r', {
              corrected: true,
              retracted: { at: 'T', reason: 'misquoted', quote: null, reportId: null, report: null },
            }),
          ],
        },
      ),
      'all',
    );
    expect(text).toContain('[5] r: Consulate staff asserts visit → unknown  (RETRACTED, corrected)');
    expect(text).toMatch(/^ {4}denied by {3}d$/m);
    expect(text).toMatch(/^ {4}disputed by e, f$/m);
  });

  it('names the claim an account responds to, and why it is not listed beside it', () => {
    const target = (
      claimId: string,
      state: NonNullable<Account['respondsToTarget']>['state'],
      day: string | null = null,
    ) => ({
      respondsTo: claimId,
      respondsToTarget: {
        claimId,
        state,
        day,
        missionId: state === 'other-mission' ? 'tj-khorog-consulate' : null,
      },
    });
    const text = renderMission(
      controlWith([
        account('a', { stance: 'denies', ...target('v1', 'not-published', '2023-01-15') }),
        account('b', { stance: 'denies', ...target('v2', 'not-happened', '2023-01-01') }),
        account('d', { stance: 'denies', ...target('v4', 'not-recorded') }),
        account('e', { stance: 'denies', ...target('v5', 'other-mission') }),
        account('f', { stance: 'denies', ...target('v6', 'retracted') }),
        account('g', { stance: 'denies', ...target('v7', 'listed') }),
      ]),
      'all',
    );
    expect(text).toContain(
      'responds to v1 (not known at 2023-01-15: its report was not certainly published by then)',
    );
    expect(text).toContain('responds to v2 (not happened by 2023-01-01)');
    expect(text).toContain('responds to v4 (not in the knowledge base)');
    expect(text).toContain('responds to v5 (a claim about tj-khorog-consulate)');
    expect(text).toContain('responds to v6 (retracted: listed with the retracted accounts)');
    expect(text).toMatch(/responds to v7$/m);
  });

  it('says how many of the accounts a status rests on only possibly happened: the one, some of them or all', () => {
    const note = (accounts: number, possibly: number) =>
      possiblyNote({ happened: 'possibly', restsOn: { accounts, possibly } });
    expect(note(1, 1)).toBe(' (the one account it rests on only possibly happened by the world date)');
    expect(note(3, 1)).toBe(' (1 of the 3 accounts it rests on only possibly happened by the world date)');
    expect(note(3, 2)).toBe(' (2 of the 3 accounts it rests on only possibly happened by the world date)');
    expect(note(3, 3)).toBe(' (all 3 accounts it rests on only possibly happened by the world date)');
    expect(possiblyNote({ happened: 'certainly', restsOn: { accounts: 3, possibly: 0 } })).toBe('');
  });
});
