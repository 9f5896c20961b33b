// A chunk's rows and its checkpoint move in one transaction: a catch-up that fails on the checkpoint
// leaves the chunk's rows unwritten too, so the next catch-up applies it once, not twice (a claim's
// history holding its retraction twice).
import { describe, expect, it } from 'vitest';
import { dumpReadModels } from '../testing/dump-read-models.js';
import { appendAll, retractEvent } from '../testing/event-factory.js';
import { ProjectionRunner } from './projection-runner.js';
import { caughtUpFixture, rebuiltDump, useStoreFile } from './projection-runner-testing.js';

useStoreFile();

describe('ProjectionRunner, a chunk that fails as its checkpoint moves', () => {
  it('keeps none of its rows, so the next catch-up applies it once, equal to a rebuild', async () => {
    const { store, models } = await caughtUpFixture();
    await appendAll(store, [retractEvent('khorog-visit-2023-03-23', 'test retraction')]);
    const db = store.database;
    db.exec(`CREATE TRIGGER fail_checkpoint BEFORE UPDATE ON rm_meta WHEN NEW.key = 'checkpoint'
      BEGIN SELECT RAISE(ABORT, 'checkpoint refused'); END`);
    db.exec(`CREATE TRIGGER fail_checkpoint_insert BEFORE INSERT ON rm_meta WHEN NEW.key = 'checkpoint'
      BEGIN SELECT RAISE(ABORT, 'checkpoint refused'); END`);
    await expect(new ProjectionRunner(store, models).catchUp()).rejects.toThrow('checkpoint refused');
    db.exec('DROP TRIGGER fail_checkpoint; DROP TRIGGER fail_checkpoint_insert');
    expect((await new ProjectionRunner(store, models).catchUp()).processed).toBe(1);
    expect(dumpReadModels(db)).toEqual(await rebuiltDump(store));
  });
});
