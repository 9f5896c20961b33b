import { insertAll, multiRowInsert } from '@kb/store';
import type { Database, Statement } from 'better-sqlite3';
import type { ChunkWrites } from './chunk-plan.js';

/**
 * Runs a chunk plan's rows (chunk-plan.ts) against the read-model tables. It does not open a
 * transaction: the caller wraps one chunk, or several, together with the checkpoint.
 */
export class ReadModelWriter {
  readonly #s: { [K in Exclude<keyof ChunkWrites, 'claims'>]: Statement };
  // A rebuild inserts a row per claim, so these go many to a statement.
  readonly #claims: (rows: number) => Statement<unknown[]>;

  constructor(db: Database) {
    this.#s = {
      missions: db.prepare('INSERT OR REPLACE INTO rm_missions (id, search, body) VALUES (?, ?, ?)'),
      actors: db.prepare('INSERT OR REPLACE INTO rm_actors (id, body) VALUES (?, ?)'),
      sources: db.prepare('INSERT OR REPLACE INTO rm_sources (id, body) VALUES (?, ?)'),
      reports: db.prepare('INSERT OR REPLACE INTO rm_reports (id, body) VALUES (?, ?)'),
      histories: db.prepare(
        "UPDATE rm_claims SET history = CASE history WHEN '' THEN @entries ELSE history || ',' || @entries END WHERE position = @position",
      ),
      claimMissions: db.prepare(
        'INSERT OR IGNORE INTO rm_claim_missions (mission_id, position) VALUES (?, ?)',
      ),
      responses: db.prepare('INSERT OR IGNORE INTO rm_claim_responses (target_id, position) VALUES (?, ?)'),
    };
    // A plain INSERT: the plan only lists claims no stored row has, so a clash is a bug to surface.
    this.#claims = multiRowInsert(db, 'rm_claims', [
      'position',
      'id',
      'mission_key',
      'mission_id',
      'history',
      'responds_to',
    ]);
  }

  /** Claims go in before their history and index rows, as a reader of the finished chunk expects. */
  write(writes: ChunkWrites): void {
    const s = this.#s;
    for (const row of writes.missions) s.missions.run(row);
    for (const row of writes.actors) s.actors.run(row);
    for (const row of writes.sources) s.sources.run(row);
    for (const row of writes.reports) s.reports.run(row);
    insertAll(this.#claims, writes.claims);
    for (const [position, entries] of writes.histories) s.histories.run({ position, entries });
    for (const row of writes.claimMissions) s.claimMissions.run(row);
    for (const row of writes.responses) s.responses.run(row);
  }
}
