// Claim events as an ingest run writes them: ClaimRecorded v2 payloads of about 600 bytes, one
// claim stream each, with deterministic ids and the run's metadata.
import { claimStream, currentVersion } from '@kb/domain';
import { deterministicId, type NewEvent } from '@kb/store';

const MISSIONS = ['tj-khorog-consulate', 'ir-tehran-embassy', 'uz-tashkent-embassy', 'kz-almaty-consulate'];
const KINDS = ['visit', 'handover', 'appointment', 'control', 'statement'] as const;
const STANCES = ['asserts', 'denies', 'confirms', 'disputes'] as const;
const QUOTE =
  'A delegation of the Islamic Emirate visited the consulate in Khorog and met the staff, who were appointed by ' +
  'the former Republic, according to a diplomatic source; the embassy ' +
  'denied it.';

export interface ClaimEvent {
  readonly stream: string;
  readonly event: NewEvent;
}

/** `count` claim events, the same every run for the same count. */
export function claimEvents(count: number): ClaimEvent[] {
  const version = currentVersion('ClaimRecorded');
  return Array.from({ length: count }, (_, i) => {
    const claimId = `bench-claim-${String(i).padStart(7, '0')}`;
    const day = `2023-${String((i % 12) + 1).padStart(2, '0')}-${String((i % 28) + 1).padStart(2, '0')}`;
    const data = {
      claimId,
      reportId: `the-diplomat-2023-03-central-asia-${i % 500}`,
      missionId: MISSIONS[i % MISSIONS.length]!,
      kind: KINDS[i % KINDS.length]!,
      stance: STANCES[i % STANCES.length]!,
      controller: i % 3 === 0 ? 'taliban' : 'republic',
      occurred: { text: day, earliest: day, latest: day, anchor: null },
      quote: `${QUOTE} (${i})`,
      credibility: (i % 6) + 1,
      respondsTo: i % 4 === 1 ? `bench-claim-${String(i - 1).padStart(7, '0')}` : null,
      claimant: { asWritten: 'Tolo News', actorId: 'tolo-news' },
      via: [
        { name: 'The Diplomat', relation: 'cites' },
        { name: 'Tolo News', relation: 'quotes' },
      ],
      notes: null,
    };
    const event: NewEvent = {
      id: deterministicId('ClaimRecorded', claimId),
      type: 'ClaimRecorded',
      version,
      data,
      metadata: { ingestRunId: 'bench-run-1', correlationId: `bench-batch-${Math.floor(i / 100)}` },
    };
    return { stream: claimStream(claimId), event };
  });
}
