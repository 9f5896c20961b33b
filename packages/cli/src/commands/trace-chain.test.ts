import { join } from 'node:path';
import { rewriteRow } from '@kb/store/testing';
import BetterSqlite3 from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { kbOn, testFolder } from '../testing/cli-test-kit.js';
import { editedCopy } from '../testing/damaged-copies.js';

const { dir } = testFolder('kb-trace-chain-');
const base = join(dir, 'base.sqlite');
const DENIAL = 'diplomat-2023-03-khorog-denial';
let denialAt: number;
let lastAt: number;
let lastClaim: string;

beforeAll(async () => {
  expect((await kbOn(base, 'demo')).code).toBe(0);
  expect((await kbOn(base, 'status')).code).toBe(0);
  const db = new BetterSqlite3(base, { readonly: true });
  denialAt = db
    .prepare("SELECT position FROM events WHERE type = 'ClaimRecorded' AND data ->> '$.claimId' = ?")
    .pluck()
    .get(DENIAL) as number;
  const last = db
    .prepare("SELECT position, data ->> '$.claimId' AS claim FROM events ORDER BY position DESC LIMIT 1")
    .get() as {
    position: number;
    claim: string | null;
  };
  lastAt = last.position;
  lastClaim = last.claim ?? '';
  db.close();
  expect(lastClaim).not.toBe('');
});

/** The part of a `kb trace --prov` document these tests read. */
type ProvJson = { entity: Record<string, Record<string, unknown>> };

/** A copy of the demo store with `edit` run on it. */
function edited(name: string, edit: (db: BetterSqlite3.Database) => void): string {
  return editedCopy(base, join(dir, `${name}.sqlite`), edit);
}

/** Edits the data of the event at `position` and computes its own hash again (not the next event's link, nor the head). */
function rehashed(db: BetterSqlite3.Database, position: number, edit: (data: string) => string): void {
  const data = db.prepare('SELECT data FROM events WHERE position = ?').pluck().get(position) as string;
  const dataJson = edit(data);
  expect(dataJson).not.toBe(data);
  rewriteRow(db, position, { data: dataJson });
}

describe('kb trace on a claim whose event was edited in the file', () => {
  it('says nothing of an intact claim', async () => {
    const intact = await kbOn(base, 'trace', DENIAL, '--json');
    expect(intact.err).toBe('');
    expect(intact.out.json_[0]).toMatchObject({ altered: [], unlinked: [] });
    // Nor does its PROV document: no kb:altered at all, not an empty one.
    const prov = (await kbOn(base, 'trace', DENIAL, '--prov')).out.json_[0] as ProvJson;
    expect(prov.entity[`kb:trace/${DENIAL}`]).toBeDefined();
    expect(Object.keys(prov.entity[`kb:trace/${DENIAL}`]!)).not.toContain('kb:altered');
  });

  it('warns of data re-spaced (the same value, other bytes), as kb verify catches it', async () => {
    const store = edited('respaced', (db) =>
      db.prepare(`UPDATE events SET data = replace(data, '","', '", "') WHERE position = ?`).run(denialAt),
    );
    const trace = await kbOn(store, 'trace', DENIAL, '--json');
    expect(trace.code).toBe(0);
    expect(trace.err).toContain(
      `kb: WARNING: this claim's event at position ${denialAt} no longer matches its chain hash`,
    );
    expect(trace.out.json_[0]).toMatchObject({ altered: [denialAt], unlinked: [] });
  });

  it('warns of an event edited with its own hash computed again: the next event does not chain from it', async () => {
    const store = edited('rehashed', (db) =>
      rehashed(db, denialAt, (data) => data.replace('"quote":"', '"quote":"FORGED ')),
    );
    const trace = await kbOn(store, 'trace', DENIAL);
    expect(trace.code).toBe(0);
    const warned = `this claim's event at position ${denialAt} is not the one the log chained on from: the next event, at position ${denialAt + 1}, chains from another hash. It was edited with its hash computed again after being recorded`;
    expect(trace.err).toContain(`kb: WARNING: ${warned}`);
    expect(trace.text).toContain('WARNING');
    const json = await kbOn(store, 'trace', DENIAL, '--json');
    expect(json.out.json_[0]).toMatchObject({
      altered: [],
      unlinked: [{ position: denialAt, next: denialAt + 1 }],
    });
    // Unlinked is altered too: the PROV document names its position under kb:altered.
    const prov = (await kbOn(store, 'trace', DENIAL, '--prov')).out.json_[0] as ProvJson;
    expect(prov.entity[`kb:trace/${DENIAL}`]?.['kb:altered']).toEqual({
      $: JSON.stringify([denialAt]),
      type: 'rdf:JSON',
    });
  });

  it("warns of the log's last event edited with its own hash computed again: the head row names another hash", async () => {
    const store = edited('last-rehashed', (db) =>
      rehashed(db, lastAt, (data) => data.replace('"quote":"', '"quote":"FORGED ')),
    );
    const trace = await kbOn(store, 'trace', lastClaim, '--json');
    expect(trace.code).toBe(0);
    expect(trace.err).toContain(
      `kb: WARNING: this claim's event at position ${lastAt} is not the one the log chained on from: the head row's last hash is another (it is the log's last event).`,
    );
    expect(trace.out.json_[0]).toMatchObject({ altered: [], unlinked: [{ position: lastAt, next: null }] });
  });
});
