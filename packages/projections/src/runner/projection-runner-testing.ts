// The store file the ProjectionRunner tests (projection-runner-*.test.ts) run on, a fresh one for
// each test, and what they build on it: the fixture, read models caught up with it, a rebuild's
// dump to compare with, and a runner that crashes after a given chunk.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteStore, type SqliteEventStore } from '@kb/store';
import { afterEach, beforeEach } from 'vitest';
import { centralAsiaFixture } from '../acceptance/central-asia-fixture.js';
import { openReadModels } from '../read-models/sqlite-read-models.js';
import { dumpReadModels } from '../testing/dump-read-models.js';
import { appendAll } from '../testing/event-factory.js';
import { steppingClock } from '../testing/stepping-clock.js';
import { ProjectionRunner } from './projection-runner.js';

export let dir: string;
export let path: string;
const open: SqliteEventStore[] = [];
export const openStore = () => {
  const store = openSqliteStore({ path, clock: steppingClock() });
  open.push(store);
  return store;
};

/** Gives each test of the file a folder and store path of its own, and closes its stores after it. */
export function useStoreFile(): void {
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'kb-projections-'));
    path = join(dir, 'kb.sqlite');
  });
  afterEach(async () => {
    for (const store of open.splice(0)) await store.close();
    rmSync(dir, { recursive: true, force: true });
  });
}

export const fixture = centralAsiaFixture();
export const half = Math.floor(fixture.length / 2);

export async function rebuiltDump(store: SqliteEventStore) {
  const models = openReadModels(store.database);
  await new ProjectionRunner(store, models).rebuild();
  return dumpReadModels(store.database);
}

/** A store holding the fixture, and read models caught up with it. */
export async function caughtUpFixture() {
  const store = openStore();
  await appendAll(store, fixture);
  const models = openReadModels(store.database);
  await new ProjectionRunner(store, models).catchUp();
  return { store, models };
}

/** A runner of `chunkSize` chunks that throws once its `crashAt`-th chunk is committed. */
export function crashingRunner(
  store: SqliteEventStore,
  chunkSize: number,
  crashAt: number,
): ProjectionRunner {
  let chunks = 0;
  return new ProjectionRunner(store, openReadModels(store.database), {
    chunkSize,
    onChunk: () => {
      chunks += 1;
      if (chunks === crashAt) throw new Error('simulated crash');
    },
  });
}
