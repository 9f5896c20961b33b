// One event of the log damaged so that its data is not JSON: every command that reads the knowledge
// base fails, exit 1, with one line naming the event and what failed and pointing to kb verify,
// whether the read models meet it catching up, rebuilding or answering a query.
import { copyFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { EXAMPLES, kbOn, testFolder } from '../testing/cli-test-kit.js';

const { dir } = testFolder('kb-unreadable-');
const caughtUp = join(dir, 'caught-up.sqlite');
const fresh = join(dir, 'fresh.sqlite');

const COMMANDS = [
  ['status'],
  ['mission', 'Dushanbe'],
  ['timeline', 'Dushanbe'],
  ['trace', 'diplomat-2023-03-dushanbe-republic'],
  ['sources'],
];

/** A copy of `store` with the data of the event at `position` made not JSON; returns the copy and the event. */
function damaged(store: string, name: string, position: number) {
  const path = join(dir, name);
  copyFileSync(store, path);
  const db = new BetterSqlite3(path);
  db.prepare("UPDATE events SET data = '{not json' WHERE position = ?").run(position);
  const at = db.prepare('SELECT stream, type FROM events WHERE position = ?').get(position) as {
    stream: string;
    type: string;
  };
  db.close();
  return {
    path,
    line: `kb: the event at position ${position} (${at.stream}, ${at.type}) cannot be read: its data is not JSON (Expected property name or '}' in JSON at position 1). kb verify checks the whole log`,
  };
}

let claimAt: number;

beforeAll(async () => {
  expect((await kbOn(caughtUp, 'demo')).code).toBe(0);
  // Ingested only: no read models yet, so the next read command builds them.
  expect((await kbOn(fresh, 'ingest', EXAMPLES)).code).toBe(0);
  const log = new BetterSqlite3(caughtUp, { readonly: true });
  claimAt = log
    .prepare("SELECT position FROM events WHERE stream = 'claim-diplomat-2023-03-dushanbe-republic'")
    .pluck()
    .get() as number;
  log.close();
});

describe('an event whose data is not JSON', () => {
  it('is named by every read command, in one line, when a query reads it from the read models', async () => {
    const { path, line } = damaged(caughtUp, 'query.sqlite', claimAt);
    for (const command of COMMANDS) {
      const run = await kbOn(path, ...command);
      expect({ command, code: run.code, stderr: run.out.stderr }).toEqual({
        command,
        code: 1,
        stderr: [line],
      });
    }
  });

  it('is named when the read models meet it catching up or rebuilding', async () => {
    for (const position of [5, claimAt]) {
      const { path, line } = damaged(fresh, `rebuild-${position}.sqlite`, position);
      const run = await kbOn(path, 'status');
      expect({ position, code: run.code, stderr: run.out.stderr }).toEqual({
        position,
        code: 1,
        stderr: [line],
      });
    }
  });

  it("is named by kb trace when it is one of the claim's later events, which trace reads from the claim's stream", async () => {
    const corrected = join(dir, 'corrected.sqlite');
    copyFileSync(caughtUp, corrected);
    const correction = join(dir, 'correction.ndjson');
    writeFileSync(
      correction,
      `${JSON.stringify({ type: 'correction', claim: 'diplomat-2023-03-dushanbe-republic', changes: { credibility: 3 }, reason: 'checked' })}\n`,
    );
    expect((await kbOn(corrected, 'ingest', correction)).code).toBe(0);
    // The read models are caught up past it: only the stream read meets the damage.
    expect((await kbOn(corrected, 'status')).code).toBe(0);
    const log = new BetterSqlite3(corrected, { readonly: true });
    const at = log
      .prepare("SELECT max(position) FROM events WHERE type = 'ClaimCorrected'")
      .pluck()
      .get() as number;
    log.close();
    const { path, line } = damaged(corrected, 'corrected-damaged.sqlite', at);
    const run = await kbOn(path, 'trace', 'diplomat-2023-03-dushanbe-republic');
    expect({ code: run.code, stderr: run.out.stderr }).toEqual({ code: 1, stderr: [line] });
  });
});
