// Verify's check of the id index (every event up to `indexed_up_to` in one of its levels), run on a
// thread of its own while verify walks the hash chain on the caller's. On a long log it is a scan of
// its own: on 1.16M events it took about 2.3 s, beside about 7 s for the walk. SQLite's quick_check
// of the log's tables (sqlite-file-check.ts) runs there too, after it: about 1.4 to 2.3 s on 1.05M
// events. Damage it finds in a later snapshot is damage of the file all the same.
//
// The thread has its own connection, so its snapshot is later than the walk's; the answer is the
// same. The walk's snapshot fixes the bound, events are never removed, and an index entry only ever
// moves from one level to the other, in one transaction: the events up to the bound, and whether
// each is in a level, are the same in any later snapshot.

import { DAMAGE_CODE, damageLines, LOG_TABLES } from './sqlite-file-check.js';
import { UNINDEXED_SQL } from './sqlite-id-index.js';
import { startSqliteWorker } from './sqlite-worker.js';

const WORKER_SOURCE = `
const { workerData, parentPort } = require('node:worker_threads');
try {
  const Database = require(workerData.driver);
  const db = new Database(workerData.path, { readonly: true, fileMustExist: true });
  db.pragma('busy_timeout = ' + workerData.busyTimeoutMs);
  const row = db.prepare(workerData.sql).raw(true).get(workerData.upTo);
  const damage = [];
  for (const table of workerData.tables) {
    let lines;
    try {
      lines = db.prepare('PRAGMA quick_check(' + table + ')').pluck().all();
    } catch (error) {
      // Only damage is a finding; any other failure fails the thread, and the caller checks again.
      if (!new RegExp(workerData.damageCode).test(String(error && error.code))) throw error;
      lines = [table + ': ' + String((error && error.message) || error)];
    }
    damage.push(lines.filter((line) => line !== 'ok'));
  }
  db.close();
  parentPort.postMessage({ position: row === undefined ? null : row[0], damage });
} catch (error) {
  parentPort.postMessage({ error: String((error && error.message) || error) });
}
`;

/** A check under way: its answer, and a way to stop it when it is no longer wanted. */
export interface IndexCheck {
  /** The first event up to `upTo` missing from the index (null for none), or an Error when the thread failed. */
  readonly answer: Promise<number | null | Error>;
  /** What quick_check says of each log table that is not "ok" (quickCheck's lines), or an Error. */
  readonly damage: Promise<string[] | Error>;
  stop(): void;
}

/** Starts the check of the events up to `upTo`, and of the log's tables, on a thread of its own. */
export function startIndexCheck(path: string, busyTimeoutMs: number, upTo: number): IndexCheck {
  const worker = startSqliteWorker(WORKER_SOURCE, {
    path,
    busyTimeoutMs,
    upTo,
    sql: UNINDEXED_SQL,
    tables: LOG_TABLES,
    damageCode: DAMAGE_CODE.source,
  });
  type Message = { position?: number | null; damage?: string[][]; error?: string };
  const message = new Promise<Message | Error>((resolve) => {
    worker.once('message', (m: Message) => resolve(m.error === undefined ? m : new Error(m.error)));
    worker.once('error', (error) => resolve(error));
    worker.once('exit', () => resolve(new Error('the index check stopped without answering')));
  });
  return {
    answer: message.then((m) => (m instanceof Error ? m : (m.position ?? null))),
    damage: message.then((m) =>
      m instanceof Error ? m : damageLines(LOG_TABLES.map((_, i) => m.damage?.[i] ?? [])),
    ),
    stop: () => void worker.terminate(),
  };
}
