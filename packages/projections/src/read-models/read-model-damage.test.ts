import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rootPage, zeroPage } from '@kb/store/testing';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { readModelDamage } from './read-model-damage.js';
import { createReadModelTables } from './read-model-schema.js';

// readModelDamage names a checkpoint behind the claims the read models hold (moved back by hand: a
// catch-up would write those claims again); a checkpoint at the last claim or past it is sound.
const open: Database.Database[] = [];
afterEach(() => {
  for (const db of open.splice(0)) db.close();
});

/** Read models holding claims at positions 3 and 7, their checkpoint at `checkpoint`. */
function readModels(checkpoint: number): Database.Database {
  const db = new Database(':memory:');
  open.push(db);
  createReadModelTables(db);
  const claim = db.prepare(
    "INSERT INTO rm_claims (position, id, mission_key, mission_id, history) VALUES (?, ?, 1, 'm', '')",
  );
  claim.run(3, 'c3');
  claim.run(7, 'c7');
  db.prepare("INSERT INTO rm_meta (key, value) VALUES ('checkpoint', ?)").run(String(checkpoint));
  return db;
}

describe('readModelDamage: the checkpoint against the claims held', () => {
  it('finds nothing when the checkpoint is at the last claim, or past it', () => {
    expect(readModelDamage(readModels(7))).toEqual([]);
    expect(readModelDamage(readModels(9))).toEqual([]);
  });

  it('names a checkpoint behind the last claim', () => {
    expect(readModelDamage(readModels(6))).toEqual([
      'rm_meta: their checkpoint, position 6, is behind claims rm_claims holds, so a catch-up would write them again',
    ]);
  });
});

describe('readModelDamage: a page SQLite cannot read', () => {
  it("names an index's damaged page on one line, without SQLite's heading for the database", () => {
    const dir = mkdtempSync(join(tmpdir(), 'kb-rm-damage-'));
    try {
      const path = join(dir, 'rm.sqlite');
      const db = new Database(path);
      createReadModelTables(db);
      db.prepare("INSERT INTO rm_meta (key, value) VALUES ('checkpoint', '0')").run();
      db.close();
      zeroPage(path, rootPage('rm_claims_by_id'));
      const damaged = new Database(path, { readonly: true });
      open.push(damaged);
      const found = readModelDamage(damaged);
      expect(found).toHaveLength(1);
      expect(found[0]).toMatch(/^rm_claims is damaged \(Tree \d+ page \d+: .+\)$/);
      expect(found[0]).not.toMatch(/\n|\*\*\*/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
