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
