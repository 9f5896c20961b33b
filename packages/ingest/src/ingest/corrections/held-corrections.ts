import type { ClaimCorrectedV2 } from '@kb/domain';
import type { PreparedRecord } from '../prepare/prepared-record.js';

/** How many such lines a run holds at once; past it the oldest is settled (rejected) at once. */
const MAX_HELD = 10_000;

interface Held {
  readonly record: PreparedRecord;
  readonly claimId: string;
  /** The claim fields it sets that the claim no longer holds, still waiting for a later line. */
  readonly fields: Set<string>;
}

/**
 * Correction lines already stored (or earlier in this input) whose values the claim no longer holds
 * (correction-replay.ts). Whether one was a truthful "already present" depends on what follows: in a
 * re-run of a file of A then B, A is met while the claim holds B's value and B comes next, setting
 * the field again; sent alone, A would leave the claim as it is while reported as present. So such a
 * line waits here until a later line of the input corrects the same fields of the same claim (it is
 * then taken as already present) or the run ends (it is then rejected, saying why).
 */
export class HeldCorrections {
  /** In the order held, for the limit. */
  readonly #held = new Map<PreparedRecord, Held>();
  readonly #byClaim = new Map<string, Set<Held>>();

  /** Holds a record whose correction is stale; returns the records pushed out past the limit. */
  hold(record: PreparedRecord): PreparedRecord[] {
    const correction = record.correction;
    if (correction === undefined) return [];
    const held = {
      record,
      claimId: correction.claimId,
      fields: new Set(correction.stale.map((s) => fieldOf(s.path))),
    };
    this.#held.set(record, held);
    let ofClaim = this.#byClaim.get(held.claimId);
    if (ofClaim === undefined) {
      ofClaim = new Set();
      this.#byClaim.set(held.claimId, ofClaim);
    }
    ofClaim.add(held);
    const out: PreparedRecord[] = [];
    for (const oldest of this.#held.values()) {
      if (this.#held.size <= MAX_HELD) break;
      this.#release(oldest);
      out.push(oldest.record);
    }
    return out;
  }

  /**
   * A later record corrects claims: the held lines whose every waiting field it sets are released,
   * in line order, to be taken as already present.
   */
  takeOver(record: PreparedRecord): PreparedRecord[] {
    if (this.#held.size === 0) return [];
    const released: PreparedRecord[] = [];
    for (const { event } of record.own) {
      if (event.type !== 'ClaimCorrected') continue;
      const { claimId, changes } = event.data as ClaimCorrectedV2;
      for (const held of this.#byClaim.get(claimId) ?? []) {
        for (const field of Object.keys(changes)) held.fields.delete(recordField(field));
        if (held.fields.size === 0) {
          this.#release(held);
          released.push(held.record);
        }
      }
    }
    return released.sort((a, b) => a.line - b.line);
  }

  /** Every line still held, in line order: the run is ending. */
  drain(): PreparedRecord[] {
    const out = [...this.#held.keys()].sort((a, b) => a.line - b.line);
    this.#held.clear();
    this.#byClaim.clear();
    return out;
  }

  #release(held: Held): void {
    this.#held.delete(held.record);
    const ofClaim = this.#byClaim.get(held.claimId);
    ofClaim?.delete(held);
    if (ofClaim?.size === 0) this.#byClaim.delete(held.claimId);
  }
}

/** `changes.occurred` -> `occurred`; `event.data.changes.missionId` (an event record's) -> `mission`. */
function fieldOf(path: string): string {
  return recordField(path.slice(path.lastIndexOf('changes.') + 'changes.'.length));
}

function recordField(field: string): string {
  return field === 'missionId' ? 'mission' : field;
}
