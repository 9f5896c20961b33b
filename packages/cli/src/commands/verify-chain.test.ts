// Tampering with the rows of copies of a real store file: the real `kb verify` (a child process)
// must name the first bad position and exit 1 each time, and on an intact file exit 0 saying how
// many it checked; a log cut back is caught against an anchor, and times that step back are noted.
// `kb trace` of an edited claim warns of it too.
import { chainHashOfJson } from '@kb/store';
import { rewriteRow } from '@kb/store/testing';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import {
  brokenAt,
  demo,
  demoEvents,
  ingested,
  ingestedEvents,
  kb,
  swapRows,
  tampered,
  useTamperedStores,
} from './verify-test-stores.js';

useTamperedStores();

describe('kb verify on tampered copies of a store', () => {
  it('passes an intact store: exit 0 and the number of events checked', async () => {
    for (const [file, events] of [
      [demo, demoEvents],
      [ingested, ingestedEvents],
    ] as const) {
      const run = await kb('verify', '--store', tampered(file));
      expect(run).toMatchObject({ code: 0, stderr: '' });
      expect(run.stdout).toContain(`ok: ${events} events checked`);
    }
    expect(demoEvents).toBeGreaterThan(20);
    expect(ingestedEvents).toBeGreaterThan(300);
  });

  it("edited data: names the edited row's position", async () => {
    // A claim's stance flipped from asserts to denies: the edit a forger would want.
    const db = new Database(demo, { readonly: true });
    const flipped = db
      .prepare(
        `SELECT position FROM events WHERE type = 'ClaimRecorded' AND json_extract(data, '$.stance') = 'asserts' ORDER BY position`,
      )
      .pluck()
      .get() as number;
    db.close();
    const cases: [number, string][] = [
      [flipped, `UPDATE events SET data = json_set(data, '$.stance', 'denies') WHERE position = ?`],
      [1, `UPDATE events SET data = json_set(data, '$.tampered', 1) WHERE position = ?`],
      [demoEvents, `UPDATE events SET data = replace(data, '"', ' "') WHERE position = ?`],
    ];
    for (const [position, sql] of cases) {
      const copy = tampered(demo, (d) => d.prepare(sql).run(position));
      const run = await kb('verify', '--store', copy);
      expect({ position, code: run.code, stdout: run.stdout }).toMatchObject({ code: 1 });
      expect(brokenAt(run), run.stdout).toBe(position);
      expect(run.stdout).toContain('does not match its hash');
      // The line it ends with shows the edited row as it is stored now.
      const hint =
        /^(kb log --from \d+ --limit 3 --store \S+ --json) shows the events there as stored\.$/m.exec(
          run.stdout,
        );
      expect(hint, run.stdout).not.toBeNull();
      const shown = await kb(...(hint![1]!.split(' ').slice(1) as [string, ...string[]]));
      // Beside --json, kb log's notes (where more of the log is) go to stderr; nothing else may.
      expect(shown.code, shown.stderr).toBe(0);
      expect(shown.stderr).toMatch(/^(kb: note: [^\n]*\n)*$/);
      const rows = JSON.parse(shown.stdout) as {
        position: number;
        data: { stance?: string; tampered?: number } | null;
        unreadable?: string[];
        dataText?: string;
      }[];
      const edited = rows.find((r) => r.position === position);
      if (position === flipped) expect(edited?.data?.stance).toBe('denies');
      if (position === 1) expect(edited?.data?.tampered).toBe(1);
      // Spaces put before escaped quotes break the JSON: the row is shown with its text as stored.
      if (position === demoEvents) {
        expect(edited).toMatchObject({ data: null, unreadable: ['data'] });
        expect(edited?.dataText).toContain('\\ "');
        const text = await kb(...(hint![1]!.split(' ').slice(1, -1) as [string, ...string[]]));
        expect(text.stdout).toContain(
          `position ${position}: its data is not valid JSON; --json shows the text as stored`,
        );
      }
    }
  });

  it('kb trace warns that its claim was edited after it was recorded, and says nothing on an intact copy', async () => {
    const claim = 'diplomat-2023-03-khorog-denial';
    const db = new Database(demo, { readonly: true });
    const position = db
      .prepare(
        `SELECT position FROM events WHERE type = 'ClaimRecorded' AND json_extract(data, '$.claimId') = ?`,
      )
      .pluck()
      .get(claim) as number;
    db.close();
    const intact = await kb('trace', claim, '--store', tampered(demo));
    expect(intact).toMatchObject({ code: 0, stderr: '' });
    expect(intact.stdout).not.toContain('WARNING');

    const copy = tampered(demo, (d) =>
      d
        .prepare(
          `UPDATE events SET data = json_set(data, '$.quote', 'there was a delegation') WHERE position = ?`,
        )
        .run(position),
    );
    const warned = `this claim's event at position ${position} no longer matches its chain hash`;
    const text = await kb('trace', claim, '--store', copy);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('there was a delegation');
    expect(text.stdout).toMatch(new RegExp(`^ {2}WARNING {7}${warned}`, 'm'));
    expect(text.stderr).toContain(`kb: WARNING: ${warned}: it was altered in the store after being recorded`);
    const json = await kb('trace', claim, '--store', copy, '--json');
    expect(JSON.parse(json.stdout)).toMatchObject({ altered: [position] });
    expect(JSON.parse((await kb('trace', claim, '--store', tampered(demo), '--json')).stdout)).toMatchObject({
      altered: [],
    });
  });

  it('a deleted row: names its position (positions run with no gap), or the end of the log when it was the last', async () => {
    const middle = tampered(ingested, (db) => db.prepare('DELETE FROM events WHERE position = ?').run(100));
    const run = await kb('verify', '--store', middle);
    expect(run.code).toBe(1);
    expect(brokenAt(run), run.stdout).toBe(100);
    expect(run.stdout).toContain('no event at position 100: the log goes from 99 to 101');
    expect(run.stdout).toContain('99 events before it verified.');

    const first = tampered(ingested, (db) => db.prepare('DELETE FROM events WHERE position = 1').run());
    const runFirst = await kb('verify', '--store', first);
    expect(runFirst.code).toBe(1);
    expect(brokenAt(runFirst), runFirst.stdout).toBe(1);

    const last = tampered(ingested, (db) =>
      db.prepare('DELETE FROM events WHERE position = ?').run(ingestedEvents),
    );
    const runLast = await kb('verify', '--store', last);
    expect(runLast.code).toBe(1);
    expect(brokenAt(runLast), runLast.stdout).toBe(ingestedEvents);
    expect(runLast.stdout).toContain('the head row was altered, or events were cut off the end');
  });

  it('an event edited with its own hash computed again: names the broken link and the pair, without counting the edited one', async () => {
    const at = 50;
    const forged = tampered(ingested, (db) => {
      db.prepare("UPDATE events SET data = json_set(data, '$.quote', 'forged') WHERE position = ?").run(at);
      rewriteRow(db, at);
    });
    const run = await kb('verify', '--store', forged);
    expect(run.code).toBe(1);
    expect(brokenAt(run), run.stdout).toBe(at + 1);
    expect(run.stdout).toContain(`the link from it to the event before it, at ${at}, does not hold`);
    expect(run.stdout).toContain(`${at - 1} events before the one at ${at} verified`);
    const json = JSON.parse((await kb('verify', '--store', forged, '--json')).stdout);
    expect(json).toMatchObject({
      ok: false,
      checked: at - 1,
      firstBreak: { position: at + 1, previous: at },
    });
  });

  it("an event forged onto the end without the head: named at its own position, the head's count too high as a cut or an altered head", async () => {
    const forged = tampered(ingested, (db) => {
      const last = ingestedEvents;
      const [id, stream, revision, type, version, dataJson, metadataJson, recordedAt, prevHash, key] = db
        .prepare(
          'SELECT id, stream, revision, type, version, data, metadata, recorded_at, hash, id_key FROM events WHERE position = ?',
        )
        .raw()
        .get(last) as [string, string, number, string, number, string, string, string, string, number];
      // Another id with the same index key (a UUID's key is its first 48 bits).
      const content = { id: `${id.slice(0, -4)}beef`, type, version, dataJson, metadataJson, stream };
      const hash = chainHashOfJson({
        ...content,
        revision: revision + 1,
        position: last + 1,
        recordedAt,
        prevHash,
      });
      db.prepare(
        `INSERT INTO events (position, id, id_key, stream, revision, type, version, data, metadata, recorded_at, prev_hash, hash)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(
        last + 1,
        content.id,
        key,
        stream,
        revision + 1,
        type,
        version,
        dataJson,
        metadataJson,
        recordedAt,
        prevHash,
        hash,
      );
    });
    const run = await kb('verify', '--store', forged);
    expect(brokenAt(run), run.stdout).toBe(ingestedEvents + 1);
    expect(run.stdout).toContain("an event past the store's head");
    expect(run.stdout).toContain(`${ingestedEvents} events before it verified.`);
    const counted = tampered(ingested, (db) => db.prepare('UPDATE head SET count = count + 1').run());
    const high = await kb('verify', '--store', counted);
    expect(brokenAt(high), high.stdout).toBe(ingestedEvents + 1);
    expect(high.stdout).toContain('its count does not: the head row was altered');
    expect(high.stdout).not.toContain('(events were cut off the end)');
  });

  it('two rows swapped: names the earlier of the two positions', async () => {
    for (const [a, b] of [
      [5, 9],
      [30, 31],
      [2, ingestedEvents],
    ] as const) {
      const run = await kb(
        'verify',
        '--store',
        tampered(ingested, (db) => swapRows(db, a, b)),
      );
      expect(run.code).toBe(1);
      expect(brokenAt(run), run.stdout).toBe(a);
    }
  });

  it('a changed hash: names that position', async () => {
    for (const position of [1, 77, ingestedEvents]) {
      // One hex digit changed, so the stored hash is a different, well-formed hash.
      const copy = tampered(ingested, (db) =>
        db
          .prepare(
            `UPDATE events SET hash = CASE WHEN substr(hash, 1, 1) = '0' THEN '1' ELSE '0' END || substr(hash, 2) WHERE position = ?`,
          )
          .run(position),
      );
      const run = await kb('verify', '--store', copy);
      expect({ position, code: run.code, stdout: run.stdout }).toMatchObject({ code: 1 });
      expect(brokenAt(run), run.stdout).toBe(position);
    }
  });

  it('a log cut back with its head row set to match verifies alone, and fails against an anchor noted before', async () => {
    const intact = await kb('verify', '--store', tampered(ingested));
    const last = /^Last hash: ([0-9a-f]{64})$/m.exec(intact.stdout)?.[1];
    expect(last, intact.stdout).toBeDefined();
    expect(intact.stdout).toContain(`kb verify --anchor ${last}`);
    const keep = ingestedEvents - 5;
    const cutBack = tampered(ingested, (db) => {
      const hash = db.prepare('SELECT hash FROM events WHERE position = ?').pluck().get(keep);
      db.prepare('DELETE FROM events WHERE position > ?').run(keep);
      db.prepare('UPDATE head SET count = ?, last_position = ?, last_hash = ?').run(keep, keep, hash);
    });
    // Nothing left in the file tells: this is what the anchor is for.
    const alone = await kb('verify', '--store', cutBack);
    expect(alone.code).toBe(0);
    // An "ok" for the log says the read models were not compared, and how to compare them.
    expect(alone.stdout).toContain(
      `Read models: not compared with the log; kb verify --read-models --store ${cutBack} compares them with a rebuild.`,
    );
    const anchored = await kb('verify', '--store', cutBack, '--anchor', last!.toUpperCase());
    expect({ code: anchored.code, stdout: anchored.stdout }).toMatchObject({ code: 1 });
    // No position is named: the change may lie anywhere up to the anchored event.
    expect(anchored.stdout).toContain(`BROKEN: no event in the log has the anchor hash ${last}`);
    expect(anchored.stdout).toContain(
      `The log's ${keep} events link to one another, but none has the anchor's hash, so nothing vouches for them.`,
    );
    expect(anchored.stdout).not.toMatch(/BROKEN at position|kb log --from/);
    const json = await kb('verify', '--store', cutBack, '--anchor', last!, '--json');
    // In --json the break stays at the position after the log's end, beside found: false.
    expect(JSON.parse(json.stdout)).toMatchObject({
      ok: false,
      checked: keep,
      firstBreak: { position: keep + 1 },
      anchor: { hash: last, found: false, position: null },
    });
    // On the intact store the anchor is found, at the last position.
    const found = await kb('verify', '--store', tampered(ingested), '--anchor', last!);
    expect(found.code).toBe(0);
    expect(found.stdout).toContain(`The anchor is the hash of the event at position ${ingestedEvents}.`);
    // An earlier event's hash is found by its row; the hash an empty store printed always holds.
    const db = new Database(ingested, { readonly: true });
    const fifth = db.prepare('SELECT hash FROM events WHERE position = 5').pluck().get() as string;
    db.close();
    const earlier = await kb('verify', '--store', cutBack, '--anchor', fifth);
    expect(earlier.stdout).toContain('The anchor is the hash of the event at position 5.');
    const earlierJson = await kb('verify', '--store', cutBack, '--anchor', fifth, '--json');
    expect(JSON.parse(earlierJson.stdout)).toMatchObject({
      ok: true,
      anchor: { hash: fifth, found: true, position: 5 },
    });
    // A chain broken before the anchor is looked for: found is null, not false.
    const edited = tampered(ingested, (db) => {
      db.prepare("UPDATE events SET data = replace(data, 'a', 'b') WHERE position = 3").run();
    });
    const notLooked = await kb('verify', '--store', edited, '--anchor', fifth, '--json');
    expect(JSON.parse(notLooked.stdout)).toMatchObject({
      ok: false,
      firstBreak: { position: 3 },
      anchor: { hash: fifth, found: null, position: null },
    });
    const genesis = await kb('verify', '--store', cutBack, '--anchor', '0'.repeat(64));
    expect(genesis.stdout).toContain('The anchor is the hash every chain starts from.');
    const wrong = await kb('verify', '--store', ingested, '--anchor', 'abc');
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain("--anchor expects an event's hash, 64 hexadecimal digits");
  });

  it('recorded times that step back (a clock gone back, before stores prevented it): verified, with a note naming where', async () => {
    const at = 40;
    // Rewritten as a writer with a clock a day behind would have written it, every hash after it redone.
    const stepped = tampered(ingested, (db) => {
      const positions = db
        .prepare('SELECT position FROM events WHERE position >= ? ORDER BY position')
        .pluck()
        .all(at) as number[];
      let prevHash = db
        .prepare('SELECT hash FROM events WHERE position = ?')
        .pluck()
        .get(at - 1) as string;
      for (const position of positions)
        prevHash = rewriteRow(db, position, {
          prevHash,
          ...(position === at ? { recordedAt: '2001-02-03T04:05:06.000Z' } : {}),
        });
      db.prepare('UPDATE head SET last_hash = ?').run(prevHash);
    });
    const run = await kb('verify', '--store', stepped);
    expect({ code: run.code, stdout: run.stdout }).toMatchObject({ code: 0 });
    expect(run.stdout).toContain(`ok: ${ingestedEvents} events checked`);
    expect(run.stdout).toContain(
      `Note: the recorded times step back at position ${at} (2001-02-03T04:05:06.000Z, after an event recorded 20`,
    );
    expect(run.stdout).toContain(
      'a machine clock went back while writing, or the recorded times were altered with the hashes computed again.',
    );
    const json = JSON.parse((await kb('verify', '--store', stepped, '--json')).stdout);
    expect(json).toMatchObject({
      ok: true,
      recordedTimeStepsBack: { position: at, recordedAt: '2001-02-03T04:05:06.000Z' },
    });
    const intact = JSON.parse((await kb('verify', '--store', tampered(ingested), '--json')).stdout);
    expect(intact).toMatchObject({ ok: true, recordedTimeStepsBack: null });
  });
});
