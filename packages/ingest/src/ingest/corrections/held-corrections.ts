import type { ClaimCorrectedV2 } from '@kb/domain';
import type { RecordIssue } from '../../records/parse-record.js';
import type { PreparedRecord } from '../prepare/prepared-record.js';

/** How many such lines a run holds at once; past it the oldest is settled (rejected) at once. */
const MAX_HELD = 10_000;

interface Held {
  readonly record: PreparedRecord;
  /** The record's place among the input's records: only a record taken after it releases it. */
  readonly order: number;
  readonly claimId: string;
  /** The claim fields it sets that the claim no longer holds, still waiting for a later line. */
  readonly fields: Set<string>;
}

/** A held line given up (the run ends, or the limit is passed), with the problems of the fields still waiting. */
export interface Settled {
  readonly record: PreparedRecord;
  readonly issues: readonly RecordIssue[];
}

/**
 * Correction lines already stored (or earlier in this input) whose values the claim no longer holds
 * (correction-replay.ts). Whether one was a truthful "already present" depends on what follows: in a
 * re-run of a file of A then B, A is met while the claim holds B's value and B comes next, setting
 * the field again; sent alone, A would leave the claim as it is while reported as present. So such a
 * line waits here until a later line of the input that corrects the same fields of the same claim is
 * taken by the store (it is then taken as already present) or the run ends (it is then rejected,
 * saying why, at the fields no such line set).
 *
 * The run tells it of a later line only once the store has taken that line (takeOver, after its
 * batch is committed): a line the store refuses (a correction's own id stored with other content)
 * sets nothing again, so it releases nothing and takes no field off a held line's waiting list.
 */
export class HeldCorrections {
  /** In the order held, for the limit. */
  readonly #held = new Map<PreparedRecord, Held>();
  readonly #byClaim = new Map<string, Set<Held>>();
  readonly #max: number;

  constructor(max: number = MAX_HELD) {
    this.#max = max;
  }

  /**
   * Holds a record whose correction is stale, `order` its place in the input; returns the lines
   * pushed out past the limit, to be rejected.
   */
  hold(record: PreparedRecord, order: number): Settled[] {
    const correction = record.correction;
    if (correction === undefined) return [];
    const held = {
      record,
      order,
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
    const out: Settled[] = [];
    for (const oldest of this.#held.values()) {
      if (this.#held.size <= this.#max) break;
      this.#release(oldest);
      out.push(settled(oldest));
    }
    return out;
  }

  /**
   * A record the store took (added, or found already present), `order` its place in the input: the
   * lines held before it lose the fields it corrects from their waiting lists, and those left with
   * none are released, in input order, to be taken as already present.
   */
  takeOver(record: PreparedRecord, order: number): PreparedRecord[] {
    if (this.#held.size === 0) return [];
    const released: Held[] = [];
    for (const { event } of record.own) {
      if (event.type !== 'ClaimCorrected') continue;
      const { claimId, changes } = event.data as ClaimCorrectedV2;
      for (const held of this.#byClaim.get(claimId) ?? []) {
        if (held.order >= order) continue;
        for (const field of Object.keys(changes)) held.fields.delete(recordField(field));
        if (held.fields.size === 0) {
          this.#release(held);
          released.push(held);
        }
      }
    }
    return released.sort((a, b) => a.order - b.order).map((h) => h.record);
  }

  /** Every line still held, in input order: the run is ending. */
  drain(): Settled[] {
    const out = [...this.#held.values()].sort((a, b) => a.order - b.order).map(settled);
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

/** A held line's problems at the fields still waiting: a field a later line taken set again is not one. */
function settled(held: Held): Settled {
  const { stale } = held.record.correction!;
  return { record: held.record, issues: stale.filter((s) => held.fields.has(fieldOf(s.path))) };
}

/** `changes.occurred` -> `occurred`; `event.data.changes.missionId` (an event record's) -> `mission`. */
function fieldOf(path: string): string {
  return recordField(path.slice(path.lastIndexOf('changes.') + 'changes.'.length));
}

function recordField(field: string): string {
  return field === 'missionId' ? 'mission' : field;
}
