// An event whose stored data or metadata is not JSON stops every reader of the log; each way the
// projections read it must name the event (position, stream, type) and what failed, not pass on the
// parser's bare message.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteStore, type SqliteEventStore } from '@kb/store';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { centralAsiaFixture } from '../acceptance/central-asia-fixture.js';
import { openReadModels } from '../read-models/sqlite-read-models.js';
import { loadKnowledge } from '../runner/load-knowledge.js';
import { ProjectionRunner } from '../runner/projection-runner.js';
import { appendAll, retractEvent } from '../testing/event-factory.js';
import { steppingClock } from '../testing/stepping-clock.js';
import { UnreadableEventError } from './unreadable-event.js';

let dir: string;
const open: SqliteEventStore[] = [];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'kb-unreadable-'));
});
afterEach(async () => {
  for (const store of open.splice(0)) await store.close();
  rmSync(dir, { recursive: true, force: true });
});

const fixture = centralAsiaFixture();

async function storeWithFixture(): Promise<SqliteEventStore> {
  const store = openSqliteStore({ path: join(dir, 'kb.sqlite'), clock: steppingClock() });
  open.push(store);
  await appendAll(store, fixture);
  return store;
}

/**
 * Overwrites one stored text of the event at `position`; returns its stream and type, and a function
 * that puts the text back.
 */
function damage(store: SqliteEventStore, position: number, part: 'data' | 'metadata', text = '{not json') {
  const row = store.database
    .prepare(`SELECT stream, type, ${part} AS text FROM events WHERE position = ?`)
    .get(position) as { stream: string; type: string; text: string };
  const write = store.database.prepare(`UPDATE events SET ${part} = ? WHERE position = ?`);
  write.run(text, position);
  return { stream: row.stream, type: row.type, restore: () => void write.run(row.text, position) };
}

const firstOf = (store: SqliteEventStore, type: string, not = false) =>
  store.database
    .prepare(`SELECT min(position) FROM events WHERE ${not ? 'NOT ' : ''}type = ?`)
    .pluck()
    .get(type) as number;

/** What reading the event at `position` must say. */
function named(position: number, at: { stream: string; type: string }, problem: string) {
  return {
    name: 'UnreadableEventError',
    event: { position, stream: at.stream, type: at.type },
    message: `the event at position ${position} (${at.stream}, ${at.type}) cannot be read: ${problem}. kb verify checks the whole log`,
  };
}

const NOT_JSON = (part: string) =>
  `its ${part} is not JSON (Expected property name or '}' in JSON at position 1)`;

describe('an event that cannot be read', () => {
  it('is named by a query that joins a claim to it, data or metadata', async () => {
    const store = await storeWithFixture();
    const models = openReadModels(store.database);
    await new ProjectionRunner(store, models).catchUp();
    const claimAt = firstOf(store, 'ClaimRecorded');
    const at = damage(store, claimAt, 'data');
    expect(() => models.listClaims()).toThrow(expect.objectContaining(named(claimAt, at, NOT_JSON('data'))));
    damage(
      store,
      claimAt,
      'data',
      store.database
        .prepare('SELECT data FROM events WHERE position = ?')
        .pluck()
        .get(claimAt + 1) as string,
    );
    damage(store, claimAt, 'metadata');
    // The claim's own data is readable again (another claim's), so the metadata is what fails.
    expect(() => models.listClaims()).toThrow(
      expect.objectContaining(named(claimAt, at, NOT_JSON('metadata'))),
    );
  });

  it('is named by a catch-up, when the store fails on it', async () => {
    const store = await storeWithFixture();
    const models = openReadModels(store.database);
    await new ProjectionRunner(store, models).catchUp();
    await appendAll(store, [retractEvent('khorog-visit-2023-03-23', 'withdrawn')]);
    const last = store.headPosition();
    const at = damage(store, last, 'data');
    const caught = new ProjectionRunner(store, models).catchUp();
    await expect(caught).rejects.toBeInstanceOf(UnreadableEventError);
    await expect(caught).rejects.toMatchObject(named(last, at, NOT_JSON('data')));
  });

  it('is named by a rebuild, a claim or any other event, and by the fold in memory', async () => {
    const store = await storeWithFixture();
    const otherAt = firstOf(store, 'ClaimRecorded', true);
    const other = damage(store, otherAt, 'data');
    const models = openReadModels(store.database);
    await expect(new ProjectionRunner(store, models).rebuild()).rejects.toMatchObject(
      named(otherAt, other, NOT_JSON('data')),
    );
    await expect(loadKnowledge(store)).rejects.toMatchObject(named(otherAt, other, NOT_JSON('data')));
    other.restore();
    const claimAt = firstOf(store, 'ClaimRecorded');
    const claim = damage(store, claimAt, 'metadata');
    await expect(loadKnowledge(store)).rejects.toMatchObject(named(claimAt, claim, NOT_JSON('metadata')));
  });

  it("is not named when writing a claim fails for no event's fault: a rebuild rethrows SQLite's own error", async () => {
    const store = await storeWithFixture();
    const models = openReadModels(store.database);
    let ranges = 0;
    const rebuilding = new ProjectionRunner(store, models, {
      chunkSize: 5,
      onChunk: () => {
        // After the first range, rm_claims (made anew by the rebuild) takes no more rows: the next
        // claims are sound JSON with a claimId and missionId, so no event is to blame.
        if (ranges++ === 0)
          store.database.exec(
            "CREATE TRIGGER no_claims BEFORE INSERT ON rm_claims BEGIN SELECT RAISE(ABORT, 'rm_claims takes no more rows'); END",
          );
      },
    }).rebuild();
    await expect(rebuilding).rejects.toThrow('rm_claims takes no more rows');
    await expect(rebuilding).rejects.toMatchObject({
      name: 'SqliteError',
      code: 'SQLITE_CONSTRAINT_TRIGGER',
    });
    await expect(rebuilding).rejects.not.toBeInstanceOf(UnreadableEventError);
    expect(ranges).toBeGreaterThan(0);
  });

  it('that decodes to no event of its type is named too, with what the decoder said', async () => {
    const store = await storeWithFixture();
    const models = openReadModels(store.database);
    await new ProjectionRunner(store, models).catchUp();
    await appendAll(store, [retractEvent('khorog-visit-2023-03-23', 'withdrawn')]);
    const last = store.headPosition();
    const at = { stream: damage(store, last, 'data', '{}').stream, type: 'NoSuchEvent' };
    store.database.prepare("UPDATE events SET type = 'NoSuchEvent' WHERE position = ?").run(last);
    const caught = new ProjectionRunner(store, models).catchUp();
    await expect(caught).rejects.toMatchObject({ event: { position: last, ...at } });
    await expect(caught).rejects.toThrow(
      /cannot be read: it does not decode as a NoSuchEvent \(.+\)\. kb verify/,
    );
  });
});
