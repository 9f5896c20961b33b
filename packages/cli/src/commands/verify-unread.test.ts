// kb verify when there is nothing it can read: under --json, scripts get the one shape every answer
// has (checked: 0, and why in error), whatever stopped it; an invalid --eventstore is a usage error,
// and a server that does not answer is said as such, never as a broken chain.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { run } from '../cli.js';
import { capture, testFolder } from '../testing/cli-test-kit.js';

const { dir } = testFolder('kb-verify-unread-');

const verify = async (...args: string[]) => {
  const out = capture();
  const code = await run(['verify', ...args], out);
  return { code, out };
};

/** The keys of an answer on a store that was read: kept by every answer. */
const KEYS = [
  'checked',
  'error',
  'file',
  'firstBreak',
  'lastHash',
  'logFindings',
  'ok',
  'recordedTimeStepsBack',
];

const expectUnreadAnswer = (out: ReturnType<typeof capture>) => {
  expect(out.json_).toHaveLength(1);
  const answer = out.json_[0] as Record<string, unknown>;
  expect(Object.keys(answer).sort()).toEqual(KEYS);
  expect(answer).toMatchObject({
    ok: false,
    checked: 0,
    lastHash: null,
    firstBreak: null,
    recordedTimeStepsBack: null,
    file: null,
  });
  expect(typeof answer['error']).toBe('string');
  return answer;
};

describe('kb verify --json on a store it cannot read', () => {
  it("another application's SQLite file: the same keys as any answer, recordedTimeStepsBack too, the reason also on stderr", async () => {
    const other = join(dir, 'other.sqlite');
    const db = new Database(other);
    db.exec('CREATE TABLE notes (body TEXT)');
    db.close();
    const { code, out } = await verify('--json', '--store', other);
    expect(code).toBe(1);
    const answer = expectUnreadAnswer(out);
    // The reason is on stderr too, as for a missing file: a script reading only stderr learns why.
    expect(answer['error']).toMatch(/not a knowledge-base event file/);
    expect(out.stderr.join('\n')).toContain(`kb: ${answer['error']}`);
  });

  it('a missing file and an empty file: the same shape on stdout, the reason also on stderr', async () => {
    const empty = join(dir, 'empty.sqlite');
    writeFileSync(empty, '');
    for (const store of [join(dir, 'missing.sqlite'), empty]) {
      const { code, out } = await verify('--json', '--store', store);
      expect(code).toBe(1);
      const answer = expectUnreadAnswer(out);
      expect(answer['error']).toMatch(/no knowledge base/);
      expect(out.stderr.join('\n')).toMatch(/no knowledge base/);
    }
  });

  it('a folder, or a path through a file: the same shape on stdout, the reason also on stderr', async () => {
    const file = join(dir, 'notes.txt');
    writeFileSync(file, 'notes\n');
    for (const [store, reason] of [
      [dir, 'is a folder'],
      [join(file, 'kb.sqlite'), 'is a file, not a folder'],
    ] as const) {
      const { code, out } = await verify('--json', '--store', store);
      expect(code, store).toBe(1);
      expect(expectUnreadAnswer(out)['error']).toContain(reason);
      expect(out.stderr.join('\n')).toContain(reason);
    }
  });

  it('an EventStoreDB that does not answer: the same shape, and no broken chain in text', async () => {
    const server = 'esdb://127.0.0.1:1?tls=false&maxDiscoverAttempts=1';
    const json = await verify('--json', '--eventstore', server);
    expect(json.code).toBe(1);
    expect(expectUnreadAnswer(json.out)['error']).toMatch(/EventStoreDB unavailable/);
    const text = await verify('--eventstore', server);
    expect(text.code).toBe(1);
    expect(text.out.stdout.join('\n')).not.toMatch(/BROKEN/);
    expect(text.out.stderr.join('\n')).toMatch(/EventStoreDB unavailable/);
  }, 60_000);

  it('an invalid --eventstore connection string is a usage error (exit 2), not a broken chain', async () => {
    for (const args of [
      ['--eventstore', 'notaurl'],
      ['--json', '--eventstore', 'notaurl'],
    ]) {
      const { code, out } = await verify(...args);
      expect(code).toBe(2);
      expect(out.stdout).toEqual([]);
      expect(out.stderr.join('\n')).toMatch(/invalid EventStoreDB connection string "notaurl"/);
    }
  });
});
