import { LOG_FINDINGS_TABLE, type LogFinding, readLogFindings } from '@kb/projections';
import { isDamageCode, type VerifyReport } from '@kb/store';
import type { Database } from 'better-sqlite3';
import { sqliteErrorIn } from '../context/private-copy.js';

/**
 * The findings earlier commands kept in the file (rm_log_findings), beside the chain's report. Their
 * table on a page SQLite cannot read says nothing of the chain, which is reported as walked: the
 * damage is named among the file's, and fails the check, as a finding unread may be there.
 */
export function keptFindings(db: Database, report: VerifyReport): [VerifyReport, readonly LogFinding[]] {
  try {
    return [report, readLogFindings(db)];
  } catch (error) {
    const damage = sqliteErrorIn(error, isDamageCode);
    if (damage === undefined) throw error;
    const file = report.file ?? { damage: [], foreign: [], unchecked: null };
    const line = `${LOG_FINDINGS_TABLE}, the findings commands kept of a log rewritten or cut back: ${damage.message}, so they cannot be read`;
    return [{ ...report, ok: false, file: { ...file, damage: [...file.damage, line] } }, []];
  }
}
