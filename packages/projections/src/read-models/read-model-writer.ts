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
    ]);
  }

  write(writes: ChunkWrites): void {
    // Claims before their index rows, as a reader of the finished chunk expects them.
    for (const key of ORDER) {
      if (key === 'claims') insertAll(this.#claims, writes.claims);
      else if (key === 'histories') {
        for (const [position, entries] of writes.histories) this.#s.histories.run({ position, entries });
      } else {
        const statement = this.#s[key];
        for (const row of writes[key]) statement.run(row);
      }
    }
  }
}

const ORDER: readonly (keyof ChunkWrites)[] = [
  'missions',
  'actors',
  'sources',
  'reports',
  'claims',
  'histories',
  'claimMissions',
  'responses',
];
