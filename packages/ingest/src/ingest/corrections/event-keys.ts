// The ids of a correction (one without an `id` of its own) and of a retraction, whichever way they
// came: a record and an event record with the same content are one event, under the id the record
// gives it. Before 2026-12-06 an event record was keyed by its type and whole data
// (`deterministicId('event', type, …)`), and text not composed hashed as written (text-form.ts):
// where the claim's history holds one of those ids, it stands, so what an earlier version stored is
// found again, whichever way it is sent now.
import type { ClaimCorrectedV2, ClaimRetractedV1 } from '@kb/domain';
import { canonicalJson, deterministicId } from '@kb/store';
import { composed } from '../identity/text-form.js';

/**
 * A correction as ClaimCorrected v1 keyed it, with credibility 6 when none was named (claim-events.ts).
 * The 6 is what v1 wrote then, kept as a number: the ids it gave must not move with today's default.
 */
export function keyedAsV1(data: ClaimCorrectedV2): ClaimCorrectedV2 {
  return { ...data, changes: { ...data.changes, credibility: data.changes.credibility ?? 6 } };
}

/**
 * The id of a correction without an `id` of its own: of its content, text composed; or one an earlier
 * version gave the same content that `held` finds in the claim's history (read already).
 */
export function correctionId(data: ClaimCorrectedV2, held: (id: string) => boolean): string {
  const [id, ...earlier] = candidates(keyedAsV1(data), (key) => [
    deterministicId('ClaimCorrected', key.claimId, canonicalJson(key.changes), key.reason, key.correctedBy),
    deterministicId('event', 'ClaimCorrected', canonicalJson(key)),
  ]);
  return earlier.find((other) => other !== id && held(other)) ?? id!;
}

/**
 * The id of a retraction: of its claim, report and reason, text composed; or one an earlier version
 * gave the same retraction that `heldOf` finds stored, told whether the text is not all composed
 * (so the caller can spare composed text a look-up).
 */
export async function retractionId(
  data: ClaimRetractedV1,
  heldOf: (ids: readonly string[], notComposed: boolean) => Promise<string | null>,
): Promise<string> {
  const [id, ...earlier] = candidates(data, (key) => [
    deterministicId('ClaimRetracted', key.claimId, key.reportId ?? '', key.reason),
    deterministicId('event', 'ClaimRetracted', canonicalJson(key)),
  ]);
  const others = [...new Set(earlier)].filter((other) => other !== id);
  return (await heldOf(others, composed(data) !== data)) ?? id!;
}

/** The ids `idsOf` gives content composed, then as written when that differs: the first is the id now. */
function candidates<T>(content: T, idsOf: (content: T) => string[]): string[] {
  const text = composed(content);
  return text === content ? idsOf(text) : [...idsOf(text), ...idsOf(content)];
}
