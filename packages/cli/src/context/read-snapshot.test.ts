// A read command answers from one snapshot of the file: a kb rebuild in another process empties the
// read models and fills them again chunk by chunk, and a command reading across that had answered
// from tables half filled (a mission "not registered", accounts missing), exit 1 or a wrong answer.
import { join } from 'node:path';
import { openReadModels } from '@kb/projections';
import { openSqliteStore } from '@kb/store';
import { describe, expect, it } from 'vitest';
import { parseCommandLine } from '../args/parse-args.js';
import { kbOn, testFolder } from '../testing/cli-test-kit.js';
import { openForRead } from './open-context.js';

const { dir } = testFolder('kb-snapshot-');

describe('a read command beside a kb rebuild in another process', () => {
  it('answers from the read models as it caught them up, though another connection resets them meanwhile', async () => {
    const path = join(dir, 'kb.sqlite');
    expect((await kbOn(path, 'demo')).code).toBe(0);
    const { global } = parseCommandLine(['status', '--store', path]);
    const ctx = await openForRead(global, { notice: () => undefined });
    try {
      const before = ctx.view.listMissions().length;
      expect(before).toBeGreaterThan(0);
      const khorog = ctx.view.claimsOfMission('tj-khorog-consulate').length;
      expect(khorog).toBeGreaterThan(0);
      // Another process starts a rebuild: the tables are emptied, and that is committed.
      const other = openSqliteStore({ path });
      try {
        openReadModels(other.database).startRebuild();
        expect(openReadModels(other.database).status().checkpoint).toBeNull();
      } finally {
        await other.close();
      }
      expect(ctx.view.listMissions()).toHaveLength(before);
      expect(ctx.view.claimsOfMission('tj-khorog-consulate')).toHaveLength(khorog);
    } finally {
      await ctx.close();
    }
    // Once closed, the next command catches the reset read models up again.
    const status = await kbOn(path, 'status', '--at', '2023-03-28', '--known-at', '2023-03-28');
    expect(status.code).toBe(0);
    expect(status.text).toContain('Khorog');
  });
});
