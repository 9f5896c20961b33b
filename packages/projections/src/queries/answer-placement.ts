import { UNKNOWN_CONTROLLER, type VagueDate } from '@kb/domain';
import type { KnowledgeView } from '../knowledge/knowledge-view.js';
import { anchoredOn } from './anchored.js';
import { type ClaimAsOf, claimAsOf, reportAsOf } from './as-of.js';
import { answersStance, type SecondedAnswer } from './contest-rule.js';

/** Where an answer stands on the world axis: the date of the claim it answers, and that claim. */
export interface Placement {
  /** The claim whose `occurred` the answer is placed at. */
  readonly claimId: string;
  readonly occurred: VagueDate;
}

/**
 * Where an answer is placed on the world axis (docs/contested-control.md, sections 1 and 3). A denial
 * or dispute that names the claim it answers (`respondsTo`) is about that claim's event ("there was
 * no delegation on 23 March"), so it is placed at that claim's `occurred`, whatever day it gives
 * itself (often the day it was made): at any world day the event stands, its explicit denial stands
 * beside it. That claim is read as the knowledge base held it at R, an `earlier` resolved against its
 * report as of R; when it is itself such an answer, at where it is placed (its own date, when it
 * names a controller). A claim siding with a denial (`seconds`) is placed where that denial is: at
 * its target's date, or at the denial's own when it names no claim or names a controller. Only an
 * answer that names no controller is placed so: one that names one ("the Republic still held it in
 * 2024", disputing a 2022 appointment) also says how things stood at its own date, and stays there,
 * or a change between the two dates would supersede it unheard.
 * Null when the claim is no such answer, or the claim it names was not recorded by R: it then stands
 * at its own `occurred`.
 */
export function answerPlacement(
  view: Pick<KnowledgeView, 'getClaim' | 'getReport'>,
  asOf: ClaimAsOf,
  seconds: SecondedAnswer | null,
  cutoff: number | null,
): Placement | null {
  if (asOf.values.controller !== UNKNOWN_CONTROLLER) return null;
  if (seconds !== null) {
    // Where the denial is: at its own date when it names no claim, or names a controller.
    if (seconds.respondsTo === null || namesController(seconds.controller))
      return { claimId: seconds.claimId, occurred: seconds.occurred };
    return placedAtTarget(view, seconds.respondsTo, cutoff, new Set([asOf.claim.id, seconds.claimId]));
  }
  const { stance, respondsTo } = asOf.values;
  if (!answersStance(stance) || respondsTo === null) return null;
  return placedAtTarget(view, respondsTo, cutoff, new Set([asOf.claim.id]));
}

const namesController = (controller: string): boolean => controller !== UNKNOWN_CONTROLLER;

/** The date of `claimId` as of R, or where it is placed when it is an explicit answer itself. */
function placedAtTarget(
  view: Pick<KnowledgeView, 'getClaim' | 'getReport'>,
  claimId: string,
  cutoff: number | null,
  seen: Set<string>,
): Placement | null {
  let id = claimId;
  let placed: Placement | null = null;
  while (!seen.has(id)) {
    seen.add(id);
    const record = view.getClaim(id);
    const target = record === undefined ? null : claimAsOf(record, cutoff);
    if (target === null) return placed;
    const report = reportAsOf(view.getReport(target.claim.reportId), cutoff);
    placed = { claimId: id, occurred: anchoredOn(target.values.occurred, report) };
    const next = target.values.respondsTo;
    // An answer naming a controller stays at its own date, so one answering it is placed there.
    if (!answersStance(target.values.stance) || next === null || namesController(target.values.controller))
      return placed;
    id = next;
  }
  return placed;
}
