import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { foldKnowledge } from '../knowledge/knowledge-projection.js';
import { knowledgeView } from '../knowledge/knowledge-view.js';
import { traceClaim } from '../queries/claim-trace.js';
import { missionControl, overview } from '../queries/mission-control.js';
import { recordAll } from '../testing/event-factory.js';
import { CENTRAL_ASIA, centralAsiaFixture } from './central-asia-fixture.js';

// The seed article's examples (domain.md, "The seed article as acceptance examples"). "Replayed to D"
// is the analyst's replay: world day D and published by D, with everything recorded.
const view = knowledgeView(foldKnowledge(recordAll(centralAsiaFixture(), { ingestRunId: 'seed' })));
const M = CENTRAL_ASIA.missions;
const C = CENTRAL_ASIA.claims;
const replayTo = (day: string) => ({ at: day, knownAt: day });

describe('1. Khorog consulate', () => {
  const control = missionControl(view, M.khorog, replayTo('2023-03-28'));

  it('is contested on 2023-03-28 with the visit, the denial and the Eurasianet account side by side', () => {
    expect(control.status).toBe('contested');
    expect(control.controller).toBeNull();
    expect(control.accounts.map((a) => a.claimId).sort()).toEqual(
      [C.khorogDenial, C.khorogEurasianet, C.khorogVisit].sort(),
    );
    const visit = control.accounts.find((a) => a.claimId === C.khorogVisit)!;
    expect(visit).toMatchObject({
      stance: 'asserts',
      controller: 'taliban',
      claimant: { asWritten: 'a Taliban Foreign Ministry spokesman', actorId: 'taliban' },
      occurred: { text: '2023-03-23', earliest: '2023-03-23', latest: '2023-03-23', happened: 'certainly' },
      source: { outlet: 'The Diplomat', url: CENTRAL_ASIA.url, reliability: 'F' },
      deniedBy: [C.khorogDenial],
      quote: CENTRAL_ASIA.quotes.khorogVisit,
    });
    const denial = control.accounts.find((a) => a.claimId === C.khorogDenial)!;
    expect(denial).toMatchObject({
      stance: 'denies',
      respondsTo: C.khorogVisit,
      contradicts: [C.khorogVisit],
    });
    expect(denial.via.map((l) => l.name)).toEqual(['Tolo News', 'the embassy of Afghanistan in Tajikistan']);
    expect(control.accounts.find((a) => a.claimId === C.khorogEurasianet)?.via[0]?.name).toBe('Eurasianet');
  });

  it('counts three independent origins and invents no Tajik confirmation', () => {
    expect(control.independentOrigins).toBe(3);
    expect(control.accounts.some((a) => /tajik government|dushanbe/i.test(a.claimant.asWritten))).toBe(false);
  });

  it('knows nothing before the article was published, and is found by its aliases', () => {
    expect(missionControl(view, M.khorog, replayTo('2023-03-27')).status).toBe('unknown');
    expect(view.findMissions('khorugh').map((m) => m.id)).toEqual([M.khorog]);
  });

  it('traces the visit to the spokesman through The Diplomat, with the denial answering it', () => {
    const trace = traceClaim(view, C.khorogVisit)!;
    expect(trace.citationChain.map((l) => l.name)).toEqual([
      'The Diplomat',
      'Taliban Foreign Ministry spokesman',
    ]);
    expect(trace.report?.published.text).toBe('2023-03-28');
    expect(trace.recorded.ingestRunId).toBe('seed');
    expect(trace.responses).toEqual([
      expect.objectContaining({ claimId: C.khorogDenial, binding: 'explicit', stance: 'denies' }),
    ]);
  });
});

describe('2. Embassy in Dushanbe', () => {
  it('is held by diplomats of the former Republic', () => {
    const control = missionControl(view, M.dushanbe, replayTo('2023-03-28'));
    expect(control).toMatchObject({ status: 'undisputed', controller: 'republic', independentOrigins: 1 });
  });
});

describe('3. Embassy in Ashgabat', () => {
  it('is undisputed Taliban replayed to 2023-03-28', () => {
    const control = missionControl(view, M.ashgabat, replayTo('2023-03-28'));
    expect(control).toMatchObject({ status: 'undisputed', controller: 'taliban', happened: 'certainly' });
    expect(control.accounts.map((a) => a.claimId)).toContain(C.ashgabatHandover);
    // The handover and the chargé list are both The Diplomat's own words: one origin.
    expect(control.independentOrigins).toBe(1);
  });

  it('is unknown replayed to 2022-01-01', () => {
    const control = missionControl(view, M.ashgabat, replayTo('2022-01-01'));
    expect(control).toMatchObject({ status: 'unknown', controller: null, accounts: [] });
  });

  it('on world time alone at 2022-01-01 keeps only the chargé state, which only possibly held then', () => {
    const control = missionControl(view, M.ashgabat, { at: '2022-01-01' });
    expect(control.accounts.map((a) => [a.claimId, a.occurred.happened])).toEqual([
      [CENTRAL_ASIA.chargeClaim(M.ashgabat), 'possibly'],
    ]);
    expect(control.happened).toBe('possibly');
  });
});

describe('4. Embassy in Tashkent', () => {
  it('is run for Kabul by the diplomats the Taliban asked to continue, after a summer-2022 visit', () => {
    const control = missionControl(view, M.tashkent, replayTo('2023-03-28'));
    expect(control).toMatchObject({ status: 'undisputed', controller: 'taliban' });
    expect(control.accounts.map((a) => a.claimId).sort()).toEqual(
      [C.tashkentContinue, C.tashkentVisit].sort(),
    );
    const during = missionControl(view, M.tashkent, { at: '2022-07-01' });
    expect(during.accounts.every((a) => a.occurred.happened === 'possibly')).toBe(true);
    expect(missionControl(view, M.tashkent, { at: '2022-05-31' }).accounts).toEqual([]);
  });
});

describe('5. Consulate in Termez', () => {
  it('was taken by the Taliban before the end of summer 2022', () => {
    const control = missionControl(view, M.termez, replayTo('2023-03-28'));
    expect(control).toMatchObject({ status: 'undisputed', controller: 'taliban' });
    expect(control.accounts[0]?.occurred).toMatchObject({
      text: '../2022-08',
      earliest: null,
      latest: '2022-08-31',
    });
    expect(missionControl(view, M.termez, { at: '2022-09-01' }).accounts[0]?.occurred.happened).toBe(
      'certainly',
    );
    expect(missionControl(view, M.termez, { at: '2022-05-01' }).accounts[0]?.occurred.happened).toBe(
      'possibly',
    );
  });
});

describe('6. Taliban chargés d’affaires', () => {
  const listed = [M.beijing, M.tehran, M.islamabad, M.moscow, M.ashgabat, M.doha, M.istanbul, M.dubai];

  it('hold the eight missions the article lists, as of its date, start unknown', () => {
    for (const mission of listed) {
      const control = missionControl(view, mission, replayTo('2023-03-28'));
      expect(control, mission).toMatchObject({ status: 'undisputed', controller: 'taliban' });
      const charge = control.accounts.find((a) => a.claimId === CENTRAL_ASIA.chargeClaim(mission));
      expect(charge?.occurred).toMatchObject({ earliest: null, latest: '2023-03-28', happened: 'certainly' });
    }
  });

  it('leaves Khorog the only contested mission in the overview', () => {
    const contested = overview(view, { ...replayTo('2023-03-28'), contestedOnly: true });
    expect(contested.map((c) => c.mission.id)).toEqual([M.khorog]);
    expect(overview(view, replayTo('2023-03-28'))).toHaveLength(12);
  });
});

const article = fileURLToPath(
  new URL('../../../../../shared/sources/the-diplomat-2023-03-central-asia.txt', import.meta.url),
);

describe('quotes', () => {
  // The article lives beside the repository (../shared/sources); on a clone without it this check is skipped.
  it.skipIf(!existsSync(article))(
    'are the article’s exact words (skipped when ../shared/sources is absent)',
    () => {
      const text = readFileSync(article, 'utf8');
      for (const [name, quote] of Object.entries(CENTRAL_ASIA.quotes))
        expect(text.includes(quote), name).toBe(true);
    },
  );
});
