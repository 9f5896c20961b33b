import BetterSqlite3 from 'better-sqlite3';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { PlannedEvent } from '../append/plan-batch.js';
import { insertAll, multiRowInsert } from './multi-row-insert.js';
import { EventInsert, INSERT_COLUMNS } from './sqlite-event-insert.js';
import { applySchema } from './sqlite-schema.js';

/** A new in-memory database with the store's layout; `sql` collects what it prepares. */
function database(sql: string[] = []): BetterSqlite3.Database {
  const db = new BetterSqlite3(':memory:');
  applySchema(db);
  const prepare = db.prepare.bind(db);
  db.prepare = ((source: string) => {
    sql.push(source);
    return prepare(source);
  }) as typeof db.prepare;
  return db;
}

const keyOf = (id: string) => id.length * 1000 + id.charCodeAt(id.length - 1);
const keysOf = (events: readonly PlannedEvent[]) => events.map((e) => keyOf(e.id));

/** The events table, every column, in position order. */
const rowsOf = (db: BetterSqlite3.Database) =>
  db.prepare<[], unknown[]>('SELECT * FROM events ORDER BY position').raw(true).all();

/** The rows bound value by value, each on its own, as the store inserted them before sharing. */
function insertedOneByOne(events: readonly PlannedEvent[]): unknown[][] {
  const db = database();
  insertAll(
    multiRowInsert(db, 'events', INSERT_COLUMNS),
    events.map((e) => [
      e.position,
      e.id,
      e.stream,
      e.revision,
      e.type,
      e.version,
      e.dataJson,
      e.metadataJson,
      e.recordedAt,
      e.prevHash,
      e.hash,
      keyOf(e.id),
    ]),
  );
  const rows = rowsOf(db);
  db.close();
  return rows;
}

interface Draft {
  stream: string;
  type: string;
  version: number;
  metadataJson: string;
  recordedAt: string;
  dataJson: string;
}

/** Planned events from drafts: positions from 1, revisions counted per stream, a hash each. */
function planned(drafts: readonly Draft[]): PlannedEvent[] {
  const revisions = new Map<string, number>();
  return drafts.map((d, i) => {
    const revision = (revisions.get(d.stream) ?? -1) + 1;
    revisions.set(d.stream, revision);
    return {
      ...d,
      id: `event-${i}`,
      position: i + 1,
      revision,
      metadata: JSON.parse(d.metadataJson),
      prevHash: `prev-${i}`,
      hash: `hash-${i + 1}`,
    };
  });
}

/** `count` events of one write: one stream, type, version, metadata and time. */
const uniform = (count: number): PlannedEvent[] =>
  planned(
    Array.from({ length: count }, (_, i) => ({
      stream: 'report-1',
      type: 'ClaimRecorded',
      version: 2,
      metadataJson: '{"ingestRunId":"run-1"}',
      recordedAt: '2026-12-05T19:00:00.000Z',
      dataJson: `{"n":${i}}`,
    })),
  );

describe('EventInsert', () => {
  it('stores the same rows as binding every value on its own, however values repeat', () => {
    const draft = fc.record({
      // Few choices, so runs of equal values, and statements where all rows share one, are common.
      stream: fc.constantFrom('a', 'b', 'report-1'),
      type: fc.constantFrom('ClaimRecorded', 'ClaimRetracted'),
      version: fc.constantFrom(1, 2),
      metadataJson: fc.constantFrom('{}', '{"correlationId":"c-1"}', '{"ingestRunId":"r"}'),
      recordedAt: fc.constantFrom('2026-12-05T19:00:00.000Z', '2026-12-05T19:00:00.001Z'),
      dataJson: fc.json(),
    });
    fc.assert(
      fc.property(
        fc.oneof(fc.array(draft, { minLength: 1, maxLength: 100 }), fc.array(draft, { maxLength: 3 })),
        fc.boolean(),
        (drafts, split) => {
          const events = planned(drafts);
          const db = database();
          const insert = new EventInsert(db);
          // As two appends (the second starting mid-statement) or one.
          const cut = split ? Math.floor(events.length / 2) : events.length;
          insert.run(events.slice(0, cut), keysOf(events.slice(0, cut)));
          insert.run(events.slice(cut), keysOf(events.slice(cut)));
          expect(rowsOf(db)).toEqual(insertedOneByOne(events));
          db.close();
        },
      ),
      { numRuns: 200 },
    );
  });

  it('binds the values every row of a statement holds once, as named parameters', () => {
    const sql: string[] = [];
    const db = database(sql);
    const before = sql.length;
    const hundred = uniform(100);
    new EventInsert(db).run(hundred, keysOf(hundred));
    const inserts = sql.slice(before);
    // 100 rows: three runs of the 32-row statement, one of the 4-row one.
    expect(inserts).toHaveLength(2);
    for (const statement of inserts) {
      const rows = statement.match(/\),\s*\(/g)!.length + 1;
      expect([32, 4]).toContain(rows);
      for (const name of ['@stream', '@type', '@version', '@metadata', '@recorded_at'])
        expect(statement.split(name)).toHaveLength(rows + 1);
      // position, id, revision, data, prev_hash, hash and id_key: 7 values a row.
      expect(statement.split('?')).toHaveLength(rows * 7 + 1);
    }
    expect(rowsOf(db)).toEqual(insertedOneByOne(uniform(100)));
    db.close();
  });

  it('binds a value on each row where the rows of a statement differ in it', () => {
    const sql: string[] = [];
    const db = database(sql);
    const before = sql.length;
    const events = uniform(10).map((e, i) => (i < 5 ? e : { ...e, stream: 'report-2', revision: i - 5 }));
    new EventInsert(db).run(events, keysOf(events));
    const [statement] = sql.slice(before);
    expect(statement).not.toContain('@stream');
    expect(statement).toContain('@metadata');
    expect(statement!.split('?')).toHaveLength(10 * 8 + 1);
    expect(rowsOf(db)).toEqual(insertedOneByOne(events));
    db.close();
  });

  it('prepares a statement once for each row count and set of shared values', () => {
    const sql: string[] = [];
    const db = database(sql);
    const before = sql.length;
    const insert = new EventInsert(db);
    for (let round = 0; round < 3; round++) {
      const events = uniform(64).map((e) => ({
        ...e,
        position: e.position + round * 64,
        id: `${e.id}-${round}`,
        revision: e.revision + round * 64,
      }));
      insert.run(events, keysOf(events));
    }
    expect(sql.length - before).toBe(1);
    expect(rowsOf(db)).toHaveLength(192);
    db.close();
  });
});
