// What kb rebuild says it did when another process rebuilds the same read models meanwhile: the
// events the read models hold, the whole log, and how many of them this run applied, not the run's
// own count alone (which read as though the log were that short).
import { join } from 'node:path';
import { openReadModels, ProjectionRunner } from '@kb/projections';
import { openSqliteStore } from '@kb/store';
import { describe, expect, it } from 'vitest';
import { run } from '../cli.js';
import { EXAMPLES, testFolder } from '../testing/cli-test-kit.js';
import { rebuiltLine } from './rebuild.js';

const { dir } = testFolder('kb-rebuild-line-');
const silent = { text() {}, async json() {}, async jsonArray() {}, error() {} };

describe('kb rebuild, the line it ends with', () => {
  it('counts the events the read models hold, and says when another process applied some', async () => {
    const path = join(dir, 'kb.sqlite');
    expect(await run(['ingest', EXAMPLES, '--store', path], silent)).toBe(0);
    const store = openSqliteStore({ path });
    const other = openSqliteStore({ path });
    try {
      const head = store.headPosition();
      const alone = await new ProjectionRunner(store, openReadModels(store.database), {
        chunkSize: 5,
      }).rebuild();
      expect(rebuiltLine(alone, 12)).toBe(`rebuilt the read models from ${head} events in 12 ms`);

      // After this run's first range, a rebuild on another connection does the whole log.
      let overtaken = false;
      let elsewhere: Promise<unknown> = Promise.resolve();
      const runner = new ProjectionRunner(store, openReadModels(store.database), {
        chunkSize: 5,
        onChunk: () => {
          if (overtaken) return;
          overtaken = true;
          elsewhere = new ProjectionRunner(other, openReadModels(other.database)).rebuild();
        },
      });
      const shared = await runner.rebuild();
      await elsewhere;
      expect(overtaken).toBe(true);
      expect(shared.checkpoint).toBe(head);
      expect(shared.processed).toBeLessThan(head);
      expect(rebuiltLine(shared, 40)).toBe(
        `rebuilt the read models from ${head} events in 40 ms (${shared.processed} of them applied by this run; another process working on the read models meanwhile applied the rest)`,
      );
    } finally {
      await store.close();
      await other.close();
    }
  });
});
