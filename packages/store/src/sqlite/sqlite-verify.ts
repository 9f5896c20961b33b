// `SqliteEventStore.verify`: the whole chain walked in one read snapshot, its positions checked to
// run 1, 2, 3 … with no gap, its end compared with the head row, each event's hash checked over the
// text as stored, each id's index key checked against the id, no id stored twice, and the id index
// checked to hold every event it should (sqlite-id-index.ts); beside the chain, SQLite's own check
// of the log's tables and the schema objects on them (sqlite-file-check.ts).
import type { Database } from 'better-sqlite3';
import { GENESIS_HASH } from '../integrity/chain-hash.js';
import { type VerifyReport, verifyLinksPausing, type WalkRules } from '../integrity/hash-chain.js';
import { foreignObjects, isDamage, quickCheck } from './sqlite-file-check.js';
import type { IdIndex } from './sqlite-id-index.js';
import { idKey } from './sqlite-id-key.js';
import { type IndexCheck, startIndexCheck } from './sqlite-index-check.js';
import { firstRepeatedId, type WalkedIdKeys } from './sqlite-repeated-ids.js';
import type { Statements } from './sqlite-statements.js';
import { type ScannedLink, VerifyScan } from './sqlite-verify-scan.js';

/** How a verification reports its progress, for a long log. */
export interface VerifyProgress {
  /**
   * Called after every `progressEvery` events checked, with how many of how many, and once more when
   * the walk reads past the last row (not when it stops at a break first).
   */
  readonly onProgress?: (checked: number, total: number) => void;
  /** Default 10,000. */
  readonly progressEvery?: number;
  /**
   * Asked every 1,024 events of the walk: a promise to wait on before going on (letting the event
   * loop run, so a caller's signal handler can), or null. Without it the walk never waits. While it
   * waits the walk's statement is open on the connection: SqliteEventStore holds appends, another
   * verify and close until the verify settles; a read through the store meanwhile reads its snapshot.
   */
  readonly pause?: () => Promise<void> | null;
}

/** Where the id index may be checked on a thread of its own (sqlite-index-check.ts). */
export interface IndexCheckThread {
  /** The event file, which the thread opens read-only. */
  readonly path: string;
  readonly busyTimeoutMs: number;
  /** From how many indexed events the check runs on the thread; below, on the caller's. */
  readonly from: number;
}

/** Verifies the log: the first position where anything breaks, or ok with the number of events. */
export async function verifyLog(
  db: Database,
  statements: Statements,
  ids: IdIndex,
  progress: VerifyProgress = {},
  thread?: IndexCheckThread,
): Promise<VerifyReport> {
  let check: IndexCheck | undefined;
  try {
    let walk: readonly [VerifyReport, number, number | null, boolean] | undefined;
    // A read of the head or of the id index met a page SQLite cannot read (quick_check names it).
    let metDamage = false;
    const walkChain = async () => {
      // A head row on a page SQLite cannot read: the chain is walked without its end to compare
      // with, and quick_check names the damage.
      const read = unlessDamaged(() => statements.head.get());
      const head = read === DAMAGED ? undefined : read;
      const upTo = head?.indexed_up_to ?? 0;
      if (head && thread !== undefined && upTo >= thread.from)
        check = startIndexCheck(thread.path, thread.busyTimeoutMs, upTo);
      const scan = new VerifyScan(statements.scanAll.iterate(), progress, head?.count ?? 0);
      const walked = await verifyLinksPausing(
        scan,
        head ? { count: head.count, lastHash: head.last_hash, lastPosition: head.last_position } : null,
        VerifyScan.hashMatches,
        SQLITE_RULES,
        progress.pause ?? noPause,
      );
      // Without the thread, the index is checked here, in the walk's snapshot (not past damage).
      const index =
        head && check === undefined && !scan.damaged ? unlessDamaged(() => ids.firstUnindexed(upTo)) : null;
      metDamage = read === DAMAGED || index === DAMAGED;
      const found = index === DAMAGED ? null : index;
      let report = scan.finish(
        walked,
        head !== undefined ? 'read' : read === DAMAGED ? 'unreadable' : 'missing',
      );
      if (!scan.damaged) {
        report = withRepeatedId(db, report, scan.keys);
        // quick_check here without the thread; with it, there, beside the index check.
        const own = check === undefined ? quickCheck(db) : { damage: [], unchecked: null };
        report = withFile(report, own.damage, foreignObjects(db), own.unchecked);
        if (head) report = withIndexPastEnd(report, head.indexed_up_to, head.last_position);
      }
      walk = [report, upTo, found, scan.damaged] as const;
    };
    try {
      await inSnapshot(db, walkChain);
    } catch (error) {
      // SQLite ends a transaction that met a damaged page, so its COMMIT fails as well: the walk's
      // report, made before, names where the damage starts, or quick_check the damaged page.
      // (quick_check itself may be what met it: a page of a table no read above touched.)
      const named = walk !== undefined && (walk[0].file?.damage.length ?? 0) > 0;
      if (walk === undefined || !(walk[3] || metDamage || named) || !isDamage(error)) throw error;
    }
    const [walked, indexedUpTo, unindexed, damaged] = walk!;
    if (damaged) return walked;
    if (check === undefined) return withUnindexed(db, walked, unindexed);
    const [answer, damage] = await Promise.all([check.answer, check.damage]);
    const file = walked.file!;
    // Should the thread fail, the checks are made here instead, in a later snapshot: the same answer.
    const here = damage instanceof Error ? quickCheck(db) : { damage, unchecked: null };
    const report = withFile(walked, here.damage, file.foreign, here.unchecked);
    return withUnindexed(db, report, answer instanceof Error ? firstUnindexed(ids, indexedUpTo) : answer);
  } finally {
    check?.stop();
  }
}

const noPause = () => null;

/**
 * Runs `body` in one read transaction (its snapshot), as db.transaction would, but across the
 * body's waits: committed at its end, rolled back when it throws; inside a transaction already
 * open, in that one. A COMMIT that fails (a transaction SQLite ended at a damaged page) is thrown.
 */
async function inSnapshot(db: Database, body: () => Promise<void>): Promise<void> {
  if (db.inTransaction) return body();
  db.exec('BEGIN');
  try {
    await body();
    db.exec('COMMIT');
  } catch (error) {
    if (db.inTransaction) db.exec('ROLLBACK');
    throw error;
  }
}

const DAMAGED = Symbol('damaged');

/** What `read` returns, or DAMAGED when it meets a page SQLite cannot read. */
function unlessDamaged<T>(read: () => T): T | typeof DAMAGED {
  try {
    return read();
  } catch (error) {
    if (isDamage(error)) return DAMAGED;
    throw error;
  }
}

/**
 * The first event missing from the id index (IdIndex.firstUnindexed); null as well when a page of
 * the index cannot be read, which quick_check names as the file's damage.
 */
function firstUnindexed(ids: IdIndex, upTo: number): number | null {
  const found = unlessDamaged(() => ids.firstUnindexed(upTo));
  return found === DAMAGED ? null : found;
}

/**
 * An event missing from the id index is not a change to the evidence, but a retry of it would no
 * longer be recognised and would be stored twice: named unless the chain broke at or before it.
 */
function withUnindexed(db: Database, report: VerifyReport, position: number | null): VerifyReport {
  if (position === null || (report.firstBreak !== null && report.firstBreak.position <= position))
    return report;
  const before = db
    .prepare(
      'SELECT count(*), (SELECT hash FROM events WHERE position < @p ORDER BY position DESC LIMIT 1) FROM events WHERE position < @p',
    )
    .raw(true)
    .get({ p: position }) as [number, string | null];
  return brokenBefore(report, before[0], before[1] ?? GENESIS_HASH, {
    position,
    reason: 'its id is missing from the id index (a retry of it would be stored again)',
  });
}

/**
 * The head row's `indexed_up_to` past its own last position: the id index was moved up to events
 * the log no longer holds, so events were cut off its end and the head row rewritten to match, which
 * the chain alone cannot show. Named after the last event, unless the walk broke first. (The next
 * append mends the index, sqlite-id-index.ts, and with it this trace.)
 */
function withIndexPastEnd(report: VerifyReport, indexedUpTo: number, lastPosition: number): VerifyReport {
  if (indexedUpTo <= lastPosition || report.firstBreak !== null) return report;
  return brokenBefore(report, report.checked, report.lastHash, {
    position: lastPosition + 1,
    reason: `the id index holds the events up to position ${indexedUpTo}, past the log's end at ${lastPosition}: events were cut off its end outside kb, the head row set to match`,
  });
}

/** A break the walk did not see, named at `firstBreak.position`: the events before it verified. */
function brokenBefore(
  report: VerifyReport,
  checked: number,
  lastHash: string,
  firstBreak: { position: number; reason: string },
): VerifyReport {
  const step = report.recordedTimeStepsBack;
  return {
    ok: false,
    checked,
    lastHash,
    firstBreak,
    ...(step !== undefined && step.position < firstBreak.position ? { recordedTimeStepsBack: step } : {}),
    ...(report.file === undefined ? {} : { file: report.file }),
  };
}

/** What the store knows of its log beyond the chain (sqlite-append.ts, plan-batch.ts). */
const SQLITE_RULES: WalkRules<ScannedLink> = {
  // Each append takes the positions after the head's last one, in the transaction that moves it.
  consecutive: true,
  // The id's index key is not hashed: checked once the hash shows the id is as written.
  afterHash: ({ row }) =>
    typeof row[1] === 'string' && row[11] !== idKey(row[1])
      ? "its id's index key does not match its id, which its hash vouches for: the id_key column was altered (a retry of this event would not be found, and would be stored again)"
      : null,
};

/**
 * The file check beside the chain: damage, foreign schema objects, or a check that could not run
 * fail the report, no break named; a break the walk found stays as it was.
 */
function withFile(
  report: VerifyReport,
  damage: readonly string[],
  foreign: readonly string[],
  unchecked: string | null,
): VerifyReport {
  const clean = damage.length === 0 && foreign.length === 0 && unchecked === null;
  return { ...report, ok: report.firstBreak === null && clean, file: { damage, foreign, unchecked } };
}

/**
 * An id stored twice among the events that verified: named at the later one, as the events before
 * it verified. (Appends skip an id already stored, found through the id index: one that was
 * missing from it, and put back since, shows here.)
 */
function withRepeatedId(db: Database, report: VerifyReport, keys: WalkedIdKeys): VerifyReport {
  // Positions run from 1 with no gap up to the break, so the nth key walked is position n.
  const before = report.firstBreak === null ? Number.POSITIVE_INFINITY : report.firstBreak.position - 1;
  const repeated = firstRepeatedId(
    db,
    keys.repeated(before).map((i) => i + 1),
  );
  if (repeated === null) return report;
  const lastHash =
    repeated.position === 1
      ? GENESIS_HASH
      : (db
          .prepare('SELECT hash FROM events WHERE position = ?')
          .pluck()
          .get(repeated.position - 1) as string);
  return brokenBefore(report, repeated.position - 1, lastHash, {
    position: repeated.position,
    reason: `its id ${repeated.id} is stored already, at position ${repeated.earlier}: one event stored twice (the id index did not hold it when it came again, or a row was copied outside kb)`,
  });
}
