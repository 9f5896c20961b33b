import type { DomainEvent } from '@kb/domain';
import { actorEvent, claimEvent, missionEvent, reportEvent, sourceEvent } from '../testing/event-factory.js';

/*
 * The seed article as events: The Diplomat, "Taliban’s Diplomatic Presence Growing in Central Asia",
 * published 2023-03-28. Quotes are the article's own words, curly quotes and all. Where the article
 * reports another outlet (Tolo News, Eurasianet) the report is still The Diplomat's and the other
 * outlet sits in the citation chain. Claims the article states in its own voice have The Diplomat as
 * claimant. Nothing here is not in the article: no author (it names none), no Tajik confirmation.
 *
 * Dates, and why:
 * - Khorog visit: "on March 23" of the report's year: 2023-03-23. The embassy's denial answers that
 *   visit, so it carries the same day and names it in respondsTo.
 * - States the article reports as holding when it was written ("remains controlled", "now serve",
 *   "informally, it is not under our control") with no start: `../2023-03-28`, certainly true by the
 *   publication day, start unknown.
 * - Ashgabat handover "in March 2022": `2022-03`.
 * - Tashkent: "In the summer of 2022": EDTF `2022-22` (June-August under the domain's season policy).
 * - Termez: "Earlier" in the article is relative to the summer-2022 Tashkent visit told in the
 *   sentence before it, not to the publication day, so resolving it as `earlier` against 2023-03-28
 *   would say less than the text does. The visit's latest possible day is 2022-08-31, so the takeover
 *   is `../2022-08`. `../2022-06` would claim it was before July, which the text does not say.
 */

export const CENTRAL_ASIA = {
  report: 'the-diplomat-2023-03-28-central-asia',
  url: 'https://thediplomat.com/2023/03/talibans-diplomatic-presence-growing-in-central-asia/',
  published: '2023-03-28',
  missions: {
    khorog: 'tj-khorog-consulate',
    dushanbe: 'tj-dushanbe-embassy',
    ashgabat: 'tm-ashgabat-embassy',
    tashkent: 'uz-tashkent-embassy',
    termez: 'uz-termez-consulate',
    beijing: 'cn-beijing-embassy',
    tehran: 'ir-tehran-embassy',
    islamabad: 'pk-islamabad-embassy',
    moscow: 'ru-moscow-embassy',
    doha: 'qa-doha-embassy',
    istanbul: 'tr-istanbul-consulate',
    dubai: 'ae-dubai-consulate',
  },
  claims: {
    khorogVisit: 'khorog-visit-2023-03-23',
    khorogDenial: 'khorog-visit-denied-by-embassy',
    khorogEurasianet: 'khorog-linked-to-taliban-eurasianet',
    dushanbeRepublic: 'dushanbe-remains-republic',
    ashgabatHandover: 'ashgabat-handover-2022-03',
    tashkentVisit: 'tashkent-visit-summer-2022',
    tashkentContinue: 'tashkent-diplomats-asked-to-continue',
    termezTakeover: 'termez-taken-earlier',
  },
  /** The chargé claims, one per mission the article lists. */
  chargeClaim: (missionId: string) => `charge-taliban-appointee-${missionId}`,
  quotes: {
    khorogVisit:
      'reviewed the activities of the consulate and also sent a report on the reconstruction of the consulate compound to MoFA.',
    khorogDenial: 'there had been no delegation',
    khorogEurasianet:
      'Formally, the consulate is part of the embassy itself, but informally, it is not under our control, and it is directly linked to the Taliban.',
    dushanbe: 'which remains controlled by diplomats from the erstwhile republic',
    ashgabat:
      'Turkmenistan accepted a Taliban-appointed ambassador and handed over the Afghan embassy in March 2022',
    charges:
      'Taliban appointees now serve as charges d’affaires in a number of countries, including embassies in China, Iran, Pakistan, Russia, Turkmenistan, and Qatar and consulates in Istanbul (Turkey) and Dubai (United Arab Emirates).',
    tashkentVisit:
      'In the summer of 2022, a Taliban delegation visited Uzbekistan, including the Afghan embassy in Tashkent.',
    tashkentContinue:
      'asked Afghan diplomats in Uzbekistan to continue with their activities at the country’s embassy',
    termez:
      'Earlier, the Taliban reportedly took control of the Afghan consulate in Termez, an important border city, from which they collect fees from car traffic crossing the Friendship Bridge.',
  },
} as const;

const M = CENTRAL_ASIA.missions;
const C = CENTRAL_ASIA.claims;
const Q = CENTRAL_ASIA.quotes;
const report = CENTRAL_ASIA.report;
const diplomat = { claimant: 'The Diplomat', actorId: 'the-diplomat' } as const;
const asOfPublication = '../2023-03-28';

/** The missions the article names, with the embassies of the chargé list in their capitals. */
function missions(): DomainEvent[] {
  return [
    missionEvent({
      id: M.khorog,
      name: 'Consulate of Afghanistan in Khorog',
      kind: 'consulate',
      country: 'Tajikistan',
      city: 'Khorog',
      aliases: ['Khorugh', 'Khorogh'],
    }),
    missionEvent({
      id: M.dushanbe,
      name: 'Embassy of Afghanistan in Dushanbe',
      country: 'Tajikistan',
      city: 'Dushanbe',
    }),
    missionEvent({
      id: M.ashgabat,
      name: 'Embassy of Afghanistan in Ashgabat',
      country: 'Turkmenistan',
      city: 'Ashgabat',
    }),
    missionEvent({
      id: M.tashkent,
      name: 'Embassy of Afghanistan in Tashkent',
      country: 'Uzbekistan',
      city: 'Tashkent',
    }),
    missionEvent({
      id: M.termez,
      name: 'Consulate of Afghanistan in Termez',
      kind: 'consulate',
      country: 'Uzbekistan',
      city: 'Termez',
    }),
    missionEvent({
      id: M.beijing,
      name: 'Embassy of Afghanistan in China',
      country: 'China',
      city: 'Beijing',
    }),
    missionEvent({ id: M.tehran, name: 'Embassy of Afghanistan in Iran', country: 'Iran', city: 'Tehran' }),
    missionEvent({
      id: M.islamabad,
      name: 'Embassy of Afghanistan in Pakistan',
      country: 'Pakistan',
      city: 'Islamabad',
    }),
    missionEvent({
      id: M.moscow,
      name: 'Embassy of Afghanistan in Russia',
      country: 'Russia',
      city: 'Moscow',
    }),
    missionEvent({ id: M.doha, name: 'Embassy of Afghanistan in Qatar', country: 'Qatar', city: 'Doha' }),
    missionEvent({
      id: M.istanbul,
      name: 'Consulate of Afghanistan in Istanbul',
      kind: 'consulate',
      country: 'Turkey',
      city: 'Istanbul',
    }),
    missionEvent({
      id: M.dubai,
      name: 'Consulate of Afghanistan in Dubai',
      kind: 'consulate',
      country: 'United Arab Emirates',
      city: 'Dubai',
    }),
  ];
}

/** Every event of the fixture, in the order an ingest would append them. */
export function centralAsiaFixture(): DomainEvent[] {
  const registry = [
    actorEvent({ id: 'taliban', name: 'Taliban', aliases: ['Islamic Emirate of Afghanistan'] }),
    actorEvent({
      id: 'republic',
      name: 'Diplomats of the former Islamic Republic of Afghanistan',
      kind: 'diplomatic-corps',
      aliases: ['Republic'],
    }),
    actorEvent({ id: 'the-diplomat', name: 'The Diplomat', kind: 'outlet' }),
    sourceEvent({ id: 'the-diplomat', outlet: 'The Diplomat', homepage: 'https://thediplomat.com/' }),
    ...missions(),
    reportEvent({
      id: report,
      sourceId: 'the-diplomat',
      url: CENTRAL_ASIA.url,
      title: 'Taliban’s Diplomatic Presence Growing in Central Asia',
      published: CENTRAL_ASIA.published,
    }),
  ];
  const khorog = [
    claimEvent({
      id: C.khorogVisit,
      report,
      mission: M.khorog,
      kind: 'visit',
      controller: 'taliban',
      occurred: '2023-03-23',
      quote: Q.khorogVisit,
      claimant: 'a Taliban Foreign Ministry spokesman',
      actorId: 'taliban',
      via: [{ name: 'Taliban Foreign Ministry spokesman', relation: 'quotes' }],
      notes: 'a delegation led by Mohammad Musa Amiri travelled to the consulate on March 23',
    }),
    claimEvent({
      id: C.khorogDenial,
      report,
      mission: M.khorog,
      kind: 'visit',
      stance: 'denies',
      controller: 'unknown',
      occurred: '2023-03-23',
      quote: Q.khorogDenial,
      claimant: 'the embassy of Afghanistan in Tajikistan',
      actorId: 'republic',
      respondsTo: C.khorogVisit,
      via: [
        { name: 'Tolo News', relation: 'cites' },
        { name: 'the embassy of Afghanistan in Tajikistan', relation: 'quotes' },
      ],
    }),
    claimEvent({
      id: C.khorogEurasianet,
      report,
      mission: M.khorog,
      kind: 'control',
      controller: 'taliban',
      occurred: asOfPublication,
      quote: Q.khorogEurasianet,
      claimant: 'an Afghan diplomatic source in Tajikistan',
      via: [
        { name: 'Eurasianet', relation: 'cites' },
        { name: 'an Afghan diplomatic source in Tajikistan', relation: 'quotes' },
      ],
    }),
  ];
  const rest = [
    claimEvent({
      id: C.dushanbeRepublic,
      report,
      mission: M.dushanbe,
      kind: 'control',
      controller: 'republic',
      occurred: asOfPublication,
      quote: Q.dushanbe,
      ...diplomat,
    }),
    claimEvent({
      id: C.ashgabatHandover,
      report,
      mission: M.ashgabat,
      kind: 'handover',
      controller: 'taliban',
      occurred: '2022-03',
      quote: Q.ashgabat,
      ...diplomat,
    }),
    claimEvent({
      id: C.tashkentVisit,
      report,
      mission: M.tashkent,
      kind: 'visit',
      controller: 'unknown',
      occurred: '2022-22',
      quote: Q.tashkentVisit,
      ...diplomat,
    }),
    claimEvent({
      id: C.tashkentContinue,
      report,
      mission: M.tashkent,
      kind: 'statement',
      controller: 'taliban',
      occurred: '2022-22',
      quote: Q.tashkentContinue,
      claimant: 'The Taliban’s Foreign Minister Amir Khan Muttaqi',
      actorId: 'taliban',
      notes:
        'reportedly; the article does not say who reported it. The diplomats were appointed under the Republic, but the Taliban foreign minister asked them to carry on and Kabul said it was satisfied with their work: the embassy works for the Taliban government (as examples/central-asia-2023.ndjson records it).',
    }),
    claimEvent({
      id: C.termezTakeover,
      report,
      mission: M.termez,
      kind: 'takeover',
      controller: 'taliban',
      occurred: '../2022-08',
      quote: Q.termez,
      ...diplomat,
    }),
  ];
  const charges = [M.beijing, M.tehran, M.islamabad, M.moscow, M.ashgabat, M.doha, M.istanbul, M.dubai].map(
    (mission) =>
      claimEvent({
        id: CENTRAL_ASIA.chargeClaim(mission),
        report,
        mission,
        kind: 'control',
        controller: 'taliban',
        occurred: asOfPublication,
        quote: Q.charges,
        ...diplomat,
      }),
  );
  return [...registry, ...khorog, ...rest, ...charges];
}
