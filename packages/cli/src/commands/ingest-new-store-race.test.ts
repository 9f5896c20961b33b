// kb ingest says on stderr that it made a new knowledge base (so a mistyped --store is seen at
// once). Two runs started at once on a path where no file is must not both say so: only the one
// that made the store's tables did. Here "another process" opens the store, making its tables,
// right between the run's look at the path and its own opening of the store.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { openSqliteStore } from '@kb/store';
import { describe, expect, it, vi } from 'vitest';
import { EXAMPLES, kbOn, testFolder } from '../testing/cli-test-kit.js';

/** Runs once, just before kb opens the store for writing. */
const beforeOpen = vi.hoisted(() => ({ run: async (): Promise<void> => {} }));

vi.mock('../context/open-context.js', async (original) => {
  const actual = await original<typeof import('../context/open-context.js')>();
  return {
    ...actual,
    openForWrite: async (...args: Parameters<typeof actual.openForWrite>) => {
      const once = beforeOpen.run;
      beforeOpen.run = async () => {};
      await once();
      return actual.openForWrite(...args);
    },
  };
});

const { dir } = testFolder('kb-ingest-new-store-race-');
const MADE = 'kb: made a new knowledge base at';

describe('kb ingest on a path where no store is yet', () => {
  it('does not say it made the knowledge base when another process made it first', async () => {
    const path = join(dir, 'raced.sqlite');
    beforeOpen.run = async () => {
      // The other process: its connection makes the file and its tables, and is gone.
      await openSqliteStore({ path }).close();
    };
    const ingest = await kbOn(path, 'ingest', EXAMPLES);
    expect(ingest.code).toBe(0);
    expect(ingest.out.stderr.filter((line) => line.startsWith(MADE))).toEqual([]);
  });

  it('says so when it made the file itself, as always', async () => {
    const path = join(dir, 'alone.sqlite');
    expect(existsSync(path)).toBe(false);
    const ingest = await kbOn(path, 'ingest', EXAMPLES);
    expect(ingest.code).toBe(0);
    expect(ingest.out.stderr).toEqual([`${MADE} ${path}`]);
  });
});
