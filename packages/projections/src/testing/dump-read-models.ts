import type { Database } from 'better-sqlite3';
import { READ_MODEL_TABLES } from '../read-models/read-model-schema.js';

/** Every row of every read-model table in key order: two equal dumps mean equal read models. */
export function dumpReadModels(db: Database): Record<string, unknown[]> {
  const out: Record<string, unknown[]> = {};
  for (const table of READ_MODEL_TABLES) {
    const columns = (db.prepare(`SELECT * FROM ${table} LIMIT 0`).columns() as unknown[]).length;
    const order = Array.from({ length: columns }, (_, i) => i + 1).join(', ');
    out[table] = db.prepare(`SELECT * FROM ${table} ORDER BY ${order}`).all();
  }
  return out;
}
