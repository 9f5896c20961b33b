import type { NewEvent } from '@kb/store';
import type { RecordIssue } from '../../records/parse-record.js';
import type { ClaimContent } from '../notes/derived-twins.js';
import type { DeferredNote } from './planning.js';

/** An event with the stream it goes to. */
export interface PlannedEvent {
  readonly stream: string;
  readonly event: NewEvent;
}

/** A valid record turned into events, waiting for its batch to be committed. */
export interface PreparedRecord {
  /** 1-based line (or element) number in the input. */
  readonly line: number;
  /** The record's text as read, for the rejects file. */
  readonly text: string;
  /** The record's key: the claim id, or `retraction:<claim id>` and so on; the events' causation id. */
  readonly key: string;
  /** The events this record is about (a ClaimRecorded, a ClaimRetracted...). */
  readonly own: readonly PlannedEvent[];
  /** Registrations of missions, actors, sources and reports it needs that the store may not hold yet. */
  readonly needs: readonly PlannedEvent[];
  /**
   * What was taken other than as written (an outlet's grade, a report's details that did not apply),
   * reported once it is stored. Committing the batch may add to it.
   */
  readonly notices: RecordIssue[];
  /** Notes told once the batch is committed, each at its place among `notices` (planning.ts tellDeferred). */
  readonly deferred?: readonly DeferredNote[];
  /**
   * For claims: the id and the publication date, so a retraction later in the same batch finds it;
   * `derived` when the record gave no id, so its id derives from its content; else the `content` that
   * id would derive from, to look for a claim sent without an id once the batch is committed
   * (derived-twins.ts).
   */
  readonly claim: {
    readonly claimId: string;
    readonly published: string;
    readonly derived?: true;
    readonly content?: ClaimContent;
    /** The contents an earlier version hashed for the line, white space and all, to look twins up by too. */
    readonly contentsAsWritten?: readonly ClaimContent[];
  } | null;
  /**
   * For correction records: the claim, the record's own `id` (null when its content keys it), and
   * the problems of a correction already stored or earlier in this input whose values the claim no
   * longer holds (correction-replay.ts), empty when there are none.
   */
  readonly correction?: {
    readonly claimId: string;
    readonly id: string | null;
    readonly stale: readonly RecordIssue[];
  };
}

export type PrepareResult =
  | { readonly ok: true; readonly record: PreparedRecord }
  | { readonly ok: false; readonly issues: readonly RecordIssue[] };
