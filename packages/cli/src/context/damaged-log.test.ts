// A page SQLite cannot read in the log's own tables (an events page, the head row's, the (stream,
// revision) index's): no read command can answer past it, but each says so in one line naming the
// file, the check that names where, and what to do, never SQLite's bare "database disk image is
// malformed". The file is left as it was.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { kbOn, testFolder } from '../testing/cli-test-kit.js';
import { editedCopy, lastLeafPage, rootPage, zeroPage } from '../testing/damaged-copies.js';

const { dir } = testFolder('kb-log-damaged-');
const base = join(dir, 'base.sqlite');

beforeAll(async () => {
  expect((await kbOn(base, 'demo')).code).toBe(0);
});

const digest = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

/** The events table's last leaf page: the newest events. */
const lastEventsLeaf = lastLeafPage('events');

const READS = [
  ['status'],
  ['status', '--json', '--at', '2023-01-01', '--known-at', '2023-01-01'],
  ['mission', 'Khorog'],
  ['timeline', 'Khorog', '--json'],
  ['trace', 'diplomat-2023-03-khorog-denial'],
  ['sources'],
];

describe('a damaged page of the log', () => {
  it.each([
    ['an events page', lastEventsLeaf, READS],
    ["the head row's page", rootPage('head'), READS],
    [
      'the (stream, revision) index',
      rootPage('sqlite_autoindex_events_1'),
      [['trace', 'diplomat-2023-03-khorog-denial']],
    ],
  ])(
    '%s: each read command says in one line that the file is damaged, and what to do',
    async (name, page, reads) => {
      const store = join(dir, `${name.replace(/\W+/g, '-')}.sqlite`);
      editedCopy(base, store, () => undefined);
      zeroPage(store, page);
      const before = digest(store);
      for (const args of reads) {
        const read = await kbOn(store, ...args);
        expect(read.code, args.join(' ')).toBe(1);
        expect(read.text).toBe('');
        expect(read.out.stderr).toEqual([
          `kb: ${store} is damaged: SQLite cannot read a page of it (database disk image is malformed). kb verify --store ${store} names where the log is hit; keep the file as it is, and restore a backup or copy what SQLite can read into a new file (sqlite3 ${store} .dump | sqlite3 NEW)`,
        ]);
      }
      expect(digest(store)).toBe(before);
    },
  );

  it('kb log still lists the events before the damaged page, which kb verify names', async () => {
    const store = join(dir, 'log-before-damage.sqlite');
    editedCopy(base, store, () => undefined);
    zeroPage(store, lastEventsLeaf);
    const verify = await kbOn(store, 'verify', '--json');
    const broken = (verify.out.json_[0] as { firstBreak: { position: number } }).firstBreak.position;
    expect(broken).toBeGreaterThan(3);
    const log = await kbOn(store, 'log', '--limit', '3', '--json');
    expect(log.code, log.err).toBe(0);
    expect((log.out.json_[0] as { position: number }[]).map((e) => e.position)).toEqual([1, 2, 3]);
    const past = await kbOn(store, 'log', '--from', String(broken));
    expect(past.code).toBe(1);
    expect(past.err).toContain(`kb: ${store} is damaged`);
  });
});
