// rm_meta's `schema` row records the read models' table layout, and every write of the tables writes
// it in the same transaction. Read models without it (the row removed by hand) cannot tell their
// layout: staleReadModels says so ('unrecorded'), so that the rebuild opening them makes is said, as
// one for another layout or a table dropped is. A file with no read models at all is not stale.
import { describe, expect, it } from 'vitest';
import { knowledgeProjection } from '../knowledge/knowledge-projection.js';
import { claimEvent, recordAll } from '../testing/event-factory.js';
import { logImage } from '../testing/log-image.js';
import { MISSION, smallWorld } from '../testing/small-world.js';
import { staleReadModels } from './read-model-schema.js';
import { openReadModels } from './sqlite-read-models.js';

const events = recordAll([
  ...smallWorld(),
  claimEvent({ id: 'c1', report: 'report-jan', mission: MISSION, kind: 'control', occurred: '2023-01' }),
]);
const last = events.at(-1)!.envelope.position;

describe('staleReadModels and the schema row', () => {
  it("is 'unrecorded' for read models whose schema row was removed, and undefined once reopened", async () => {
    const db = (await logImage(events)).open();
    openReadModels(db).applyChunk(events, last);
    expect(staleReadModels(db, knowledgeProjection.version)).toBeUndefined();
    db.prepare("DELETE FROM rm_meta WHERE key = 'schema'").run();
    expect(staleReadModels(db, knowledgeProjection.version)).toBe('unrecorded');
    const reopened = openReadModels(db);
    expect(reopened.status()).toEqual({ checkpoint: null, version: null });
    expect(staleReadModels(db, knowledgeProjection.version)).toBeUndefined();
  });

  it("is 'missing' for rm_meta dropped, and undefined where no read models were built", async () => {
    const db = (await logImage(events)).open();
    expect(staleReadModels(db, knowledgeProjection.version)).toBeUndefined();
    openReadModels(db).applyChunk(events, last);
    db.exec('DROP TABLE rm_meta');
    expect(staleReadModels(db, knowledgeProjection.version)).toBe('missing');
  });
});
