// The read models' checkpoint names the last event they applied, by position. Positions are the
// log's own, so a log cut back to an earlier event (its head row set to match) leaves read models
// that hold events it no longer has, and a catch-up from their checkpoint would take the events the
// log writes next at those positions for applied. So beside the checkpoint they keep the hash of the
// event there (`checkpoint_hash` in rm_meta, written in the same transaction), and a catch-up first
// checks that the log still ends at or after the checkpoint and still holds that event there.

/** Read models whose checkpoint the log no longer holds as they applied it. */
export interface LogCut {
  /** The position of the last event the read models applied. */
  readonly checkpoint: number;
  /** The position of the log's last event. */
  readonly logEnd: number;
  /**
   * `past-end`: the checkpoint is past the log's last event. `replaced`: the log holds another event
   * at the checkpoint (cut back and written on since). `missing`: it holds none there.
   */
  readonly kind: 'past-end' | 'replaced' | 'missing';
}

/** A cut in words, to follow "the read models cannot be caught up as they are:". */
export function describeLogCut(cut: LogCut): string {
  const at = `their checkpoint, position ${cut.checkpoint}`;
  if (cut.kind === 'past-end') return `${at}, is past the log's last event, position ${cut.logEnd}`;
  if (cut.kind === 'missing') return `the log holds no event at ${at}`;
  return `the event at ${at}, is not the one they applied there: the log was cut back and written on since`;
}

/** What a catch-up throws for read models whose checkpoint the log no longer holds; a rebuild remakes them. */
export class ReadModelsCutError extends Error {
  override readonly name = 'ReadModelsCutError';
  constructor(readonly cut: LogCut) {
    super(describeLogCut(cut));
  }
}
