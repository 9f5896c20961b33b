import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { storedLogCut } from './log-cut.js';

// storedLogCut reads the read models' checkpoint before they are opened. An rm_meta of another
// shape has no checkpoint to check; any other failure must reach the caller, which reports damage
// and answers from the log, rather than pass for read models whose checkpoint the log still holds.
const open: Database.Database[] = [];
afterEach(() => {
  for (const db of open.splice(0)) db.close();
});

function withMeta(create: string): Database.Database {
  const db = new Database(':memory:');
  open.push(db);
  db.exec('CREATE TABLE events (position INTEGER PRIMARY KEY, hash TEXT NOT NULL)');
  db.exec(create);
  return db;
}

describe('storedLogCut', () => {
  it('finds a checkpoint past the log end', () => {
    const db = withMeta('CREATE TABLE rm_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)');
    db.exec("INSERT INTO rm_meta VALUES ('checkpoint', '7')");
    expect(storedLogCut(db, () => 3)).toMatchObject({ checkpoint: 7, logEnd: 3, kind: 'past-end' });
  });

  it('names where the log holds the event they applied when it is not at their checkpoint (the checkpoint edited)', () => {
    const db = withMeta('CREATE TABLE rm_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)');
    db.exec("INSERT INTO events VALUES (1, 'h1'), (2, 'h2'), (3, 'h3'), (4, 'h4'), (5, 'h5')");
    // Applied up to 5 (its hash kept), the checkpoint then set back to 3 by hand.
    db.exec("INSERT INTO rm_meta VALUES ('checkpoint', '3'), ('checkpoint_hash', 'h5')");
    expect(storedLogCut(db, () => 5)).toEqual({
      checkpoint: 3,
      logEnd: 5,
      kind: 'replaced',
      appliedHash: 'h5',
      loggedHash: 'h3',
      heldAt: 5,
    });
    // A hash the log holds nowhere: the log itself changed, heldAt null.
    db.exec("UPDATE rm_meta SET value = 'h9' WHERE key = 'checkpoint_hash'");
    expect(storedLogCut(db, () => 5)).toMatchObject({ kind: 'replaced', appliedHash: 'h9', heldAt: null });
  });

  it('takes an rm_meta of another shape for one holding no checkpoint', () => {
    const db = withMeta('CREATE TABLE rm_meta (name TEXT, setting TEXT)');
    expect(storedLogCut(db, () => 3)).toBeUndefined();
  });

  it('lets any other failure reading the checkpoint through', () => {
    const db = withMeta('CREATE TABLE rm_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)');
    const real = db.prepare.bind(db);
    const failing = new Proxy(db, {
      get(target, name) {
        if (name !== 'prepare') return Reflect.get(target, name);
        return (sql: string) => {
          if (sql.includes('checkpoint_hash'))
            throw Object.assign(new Error('database disk image is malformed'), { code: 'SQLITE_CORRUPT' });
          return real(sql);
        };
      },
    });
    expect(() => storedLogCut(failing, () => 3)).toThrow(/malformed/);
  });
});
