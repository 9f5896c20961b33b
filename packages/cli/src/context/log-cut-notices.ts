// What a command says of read models whose log was rewritten or cut back since they applied it, and
// of the findings of such logs that earlier commands kept in the file (log-findings.ts).
import {
  describeFoundInstead,
  describeLostEvent,
  type HashedLogCut,
  LOG_FINDINGS_TABLE,
  type LogFinding,
  recordLogCut,
} from '@kb/projections';
import type { SqliteEventStore } from '@kb/store';
import { shellWord } from '../render/command-line.js';

/** The reminder of the findings an earlier command kept in the file (log-findings.ts); null for none. */
export function keptFindingsNotice(path: string, findings: readonly LogFinding[]): string | null {
  const first = findings[0];
  if (first === undefined) return null;
  const what =
    findings.length === 1
      ? `that a command found, on ${first.foundAt}, its log no longer holding the event the read models had applied at position ${first.position}`
      : `${findings.length} findings, the first on ${first.foundAt}, of its log no longer holding an event the read models had applied`;
  return (
    `kb: WARNING: ${path} records ${what}: the log was rewritten or cut back since, and answers come from the log as it is now. ` +
    `kb verify --store ${shellWord(path)} lists ${findings.length === 1 ? 'the finding' : 'them'}.`
  );
}

/**
 * Keeps a finding of a changed log in the file (recordLogCut). Said before it is kept, so a file that
 * cannot take it (a full disk, a table made unwritable) still has the user told; then that it was not kept.
 */
export function keepLogCut(
  db: SqliteEventStore['database'],
  path: string,
  cut: HashedLogCut,
  notice: (line: string) => void,
): void {
  try {
    recordLogCut(db, cut);
  } catch (error) {
    notice(
      `kb: warning: that finding could not be kept in ${path} (${error instanceof Error ? error.message : String(error)}); the warning above is all that says so`,
    );
  }
}

/**
 * The note for read models whose last applied event the log no longer holds: the log was rewritten
 * or cut back, which verifies on its own, so the user is told plainly, with the check that shows it.
 */
export function logCutNotice(path: string, cut: HashedLogCut, recorded: boolean, then: string): string {
  if (typeof cut.heldAt === 'number')
    return `kb: the read models in ${path} name position ${cut.checkpoint} as the last they applied, but the log holds the event they applied (hash ${cut.appliedHash}) at position ${cut.heldAt}: their checkpoint (or its hash) was edited in the file, not the log; ${then}`;
  const kept = recorded
    ? ` This finding is kept in the file (table ${LOG_FINDINGS_TABLE}), which kb verify reports.`
    : '';
  const instead = describeFoundInstead(cut.loggedHash, cut.checkpoint, cut.logEnd);
  const lost = describeLostEvent(cut.checkpoint, cut.appliedHash);
  // Another event at the checkpoint may also mean the hash the read models kept was edited, the log
  // as it was: nothing in the file tells the two apart, so the hash from it proves neither.
  if (cut.loggedHash !== null)
    return (
      `kb: WARNING: the log in ${path} does not hold ${lost}: either the log was rewritten or cut back since (${instead}), ` +
      `or the hash the read models kept was edited in the file. A hash of that event kept outside the file tells which: ` +
      `kb verify --anchor HASH --store ${shellWord(path)} fails if the log no longer holds it.${kept} The read models cannot be caught up as they are; ${then}`
    );
  const anchor =
    cut.appliedHash === null
      ? ''
      : ` kb verify --anchor ${cut.appliedHash} --store ${shellWord(path)} fails if the log no longer holds that event.`;
  return (
    `kb: WARNING: the log in ${path} no longer holds ${lost}: it was rewritten or cut back since (${instead}).` +
    `${anchor}${kept} The read models cannot be caught up as they are; ${then}`
  );
}
