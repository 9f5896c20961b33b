// The projections bench's log: missions with CLAIMS_PER_MISSION claims each, their reports and
// sources, and for every 50 claims a retraction, a correction and an assessment; written through the
// SQLite store as an ingest would write it. Seeded, so every run writes the same log.
import type { DomainEvent } from '@kb/domain';
import { currentVersion, streamOf } from '@kb/domain';
import { seededRandom } from '@kb/ingest/testing';
import { deterministicId, openSqliteStore } from '@kb/store';

export const CLAIMS_PER_MISSION = 200;

const pick = <T>(rand: () => number, list: readonly T[]): T => list[Math.floor(rand() * list.length)]!;
export const pad = (n: number) => String(n).padStart(2, '0');
const KINDS = [
  'visit',
  'handover',
  'takeover',
  'appointment',
  'control',
  'statement',
  'closure',
  'reopening',
] as const;
const CONTROLLERS = ['taliban', 'republic', 'unknown', 'host-government'] as const;
const QUOTE =
  'A delegation of the Islamic Emirate visited the consulate and met the staff, who were appointed by the former ' +
  'Republic, according to a diplomatic source; the embassy denied it.';

function randomOccurred(rand: () => number) {
  const year = 2021 + Math.floor(rand() * 3);
  const month = 1 + Math.floor(rand() * 12);
  const shape = rand();
  if (shape < 0.5) {
    const day = `${year}-${pad(month)}-${pad(1 + Math.floor(rand() * 28))}`;
    return { text: day, earliest: day, latest: day, anchor: null };
  }
  if (shape < 0.85) {
    return {
      text: `${year}-${pad(month)}`,
      earliest: `${year}-${pad(month)}-01`,
      latest: `${year}-${pad(month)}-28`,
      anchor: null,
    };
  }
  return {
    text: `../${year}-${pad(month)}`,
    earliest: null,
    latest: `${year}-${pad(month)}-28`,
    anchor: null,
  };
}

/**
 * A log of `missions` missions with CLAIMS_PER_MISSION claims each, plus their registry: 20 sources,
 * a report per 10 claims, and for every 50 claims a retraction, a correction and an assessment.
 * Claim ids are hashed so a mission's claims are not neighbours in any index by accident.
 */
function* syntheticLog(missions: number, seed: number): Generator<DomainEvent> {
  const rand = seededRandom(seed);
  for (let s = 0; s < 20; s++) {
    yield {
      type: 'SourceRegistered',
      data: {
        sourceId: `outlet-${s}`,
        outlet: `Outlet ${s}`,
        kind: 'news-outlet',
        reliability: pick(rand, ['A', 'B', 'C', 'F'] as const),
        homepage: null,
      },
    } as unknown as DomainEvent;
  }
  let claimNo = 0;
  for (let m = 0; m < missions; m++) {
    const missionId = `m-${m}`;
    yield {
      type: 'MissionRegistered',
      data: {
        missionId,
        name: `Embassy ${m}`,
        kind: 'embassy',
        country: `Country ${m % 190}`,
        city: `City ${m}`,
        aliases: [],
      },
    } as unknown as DomainEvent;
    const ids: string[] = [];
    for (let c = 0; c < CLAIMS_PER_MISSION; c++, claimNo++) {
      const reportId = `report-${m}-${Math.floor(c / 10)}`;
      if (c % 10 === 0) {
        const published = `${2022 + Math.floor(rand() * 2)}-${pad(1 + Math.floor(rand() * 12))}-${pad(1 + Math.floor(rand() * 28))}`;
        yield {
          type: 'ReportCaptured',
          data: {
            reportId,
            sourceId: `outlet-${Math.floor(rand() * 20)}`,
            url: null,
            title: null,
            author: null,
            published: { text: published, earliest: published, latest: published, anchor: null },
            retrieved: null,
          },
        } as unknown as DomainEvent;
      }
      const claimId = `c-${deterministicId(String(claimNo)).slice(0, 18)}`;
      const stanceRoll = rand();
      const stance =
        stanceRoll < 0.8
          ? 'asserts'
          : stanceRoll < 0.9
            ? 'denies'
            : stanceRoll < 0.95
              ? 'disputes'
              : 'confirms';
      const respondsTo = stance !== 'asserts' && ids.length > 0 && rand() < 0.5 ? pick(rand, ids) : null;
      ids.push(claimId);
      yield {
        type: 'ClaimRecorded',
        data: {
          claimId,
          reportId,
          missionId,
          kind: pick(rand, KINDS),
          stance,
          controller: pick(rand, CONTROLLERS),
          occurred: randomOccurred(rand),
          quote: `${QUOTE} (${claimNo})`,
          credibility: 1 + Math.floor(rand() * 6),
          respondsTo,
          claimant: { asWritten: `Spokesman ${Math.floor(rand() * 40)}`, actorId: null },
          via: [{ name: `Outlet ${Math.floor(rand() * 20)}`, relation: 'cites' }],
          notes: null,
        },
      } as unknown as DomainEvent;
      if (c % 50 === 49) {
        yield {
          type: 'ClaimRetracted',
          data: { claimId: pick(rand, ids), reportId: null, reason: 'withdrawn', quote: null },
        } as unknown as DomainEvent;
        yield {
          type: 'ClaimCorrected',
          data: {
            claimId: pick(rand, ids),
            changes: { controller: 'taliban' },
            reason: 'misread',
            correctedBy: 'analyst',
          },
        } as unknown as DomainEvent;
        yield {
          type: 'ClaimAssessed',
          data: {
            claimId: pick(rand, ids),
            credibility: 3,
            likelihood: 'likely',
            rationale: 'r',
            assessedBy: 'analyst',
            assessedOn: null,
          },
        } as unknown as DomainEvent;
      }
    }
  }
}

/** Writes the synthetic log for `missions` missions into a SQLite store; returns the event count. */
export async function buildStore(path: string, missions: number, seed = 11): Promise<number> {
  const store = openSqliteStore({ path });
  let batch: {
    stream: string;
    events: { id: string; type: string; version: number; data: unknown; metadata: { ingestRunId: string } }[];
  }[] = [];
  let count = 0;
  const flush = async () => {
    if (batch.length > 0) await store.appendMany(batch);
    batch = [];
  };
  for (const event of syntheticLog(missions, seed)) {
    count += 1;
    batch.push({
      stream: streamOf(event),
      events: [
        {
          id: deterministicId('bench', String(count)),
          type: event.type,
          version: currentVersion(event.type),
          data: event.data,
          metadata: { ingestRunId: 'bench' },
        },
      ],
    });
    if (batch.length === 1000) await flush();
  }
  await flush();
  await store.close();
  return count;
}
