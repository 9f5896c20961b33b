// kb ingest as a user runs it on a knowledge base `kb demo` built for this file: rejected lines by
// number and field, inputs and rejects paths it refuses, dry runs, and notes on grades not applied.
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readFileSync,
  rmSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { run } from '../cli.js';
import { capture, demoKnowledgeBase, EXAMPLES, exampleLines, kbOn } from '../testing/cli-test-kit.js';

const { dir, store, kb } = demoKnowledgeBase('kb-ingest-');

describe('kb ingest', () => {
  it('ingest reports rejected lines by number and field, stores the valid ones, exits 3', async () => {
    const good = readFileSync(EXAMPLES, 'utf8').split('\n').filter(Boolean)[0]!;
    const record = JSON.parse(good);
    const fresh = { ...record, id: 'cli-test-valid', occurred: '2023-03-24' };
    const bad = { ...record, id: 'cli-test-bad', occurred: '2023-02-30' };
    const file = join(dir, 'mixed.ndjson');
    writeFileSync(file, `${JSON.stringify(fresh)}\n{not json\n${JSON.stringify(bad)}\n`);
    const r = await kb('ingest', file);
    expect(r.code).toBe(3);
    expect(r.text).toMatch(/line 2/);
    expect(r.text).toMatch(/line 3, occurred/);
    expect(r.text).toMatch(/added 1 /);
    expect(readFileSync(`${file}.rejected.ndjson`, 'utf8').split('\n').filter(Boolean)).toHaveLength(2);

    // The lines mended, a second run rejects nothing: the old rejects file is said to be old, and kept.
    writeFileSync(file, `${JSON.stringify(fresh)}\n${JSON.stringify({ ...bad, occurred: '2023-02-28' })}\n`);
    const mended = await kb('ingest', file);
    expect(mended.code).toBe(0);
    expect(mended.err).toMatch(
      new RegExp(
        `kb: ${file}\\.rejected\\.ndjson is left from an earlier run \\(.+\\); this run rejected nothing`,
      ),
    );
    expect(readFileSync(`${file}.rejected.ndjson`, 'utf8').split('\n').filter(Boolean)).toHaveLength(2);
    // A run that rejects lines writes the file anew, and says nothing of it.
    writeFileSync(file, '{not json\n');
    const again = await kb('ingest', file);
    expect([again.code, again.err]).toEqual([3, '']);
  });

  it('ingest names an input that is missing, a folder, or no claim records at all, and makes no store for it', async () => {
    const fresh = join(dir, 'never-made.sqlite');
    const records = readFileSync(EXAMPLES, 'utf8');
    const wide = join(dir, 'wide.ndjson');
    writeFileSync(wide, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(records, 'utf16le')]));
    const packed = join(dir, 'records.ndjson.gz');
    writeFileSync(packed, gzipSync(records));
    const cases: [string, string][] = [
      [join(dir, 'missing.ndjson'), `no such input file: ${join(dir, 'missing.ndjson')}`],
      [dir, `${dir} is not a file`],
      [wide, `${wide}: the file is UTF-16 (little-endian), and kb reads UTF-8: nothing of it was read`],
      [packed, `${packed}: the file is gzip-compressed, not claim records`],
      // Another knowledge base given as the input, the store named after it.
      [store, `${store}: the file is a SQLite database`],
    ];
    for (const [input, said] of cases) {
      for (const dry of [[], ['--dry-run']]) {
        const out = capture();
        expect(await run(['ingest', input, ...dry, '--store', fresh], out)).toBe(1);
        expect(out.stderr.join('\n')).toContain(said);
        expect(existsSync(fresh)).toBe(false);
      }
    }
  });

  it('refuses --rejects naming the input or the knowledge base itself, and leaves both as they were', async () => {
    const input = join(dir, 'self.ndjson');
    const text = '{"broken":\n';
    writeFileSync(input, text);
    const kept = readFileSync(store);
    for (const [rejects, said] of [
      [input, `--rejects ${input} is the input file itself`],
      [store, `--rejects ${store} is the knowledge base's own file (${store})`],
      [`${store}-wal`, `is the knowledge base's own file (${store}-wal)`],
    ] as const) {
      const r = await kb('ingest', input, '--rejects', rejects);
      // A path given that cannot be taken is usage (2).
      expect(r.code, rejects).toBe(2);
      expect(r.err).toContain(said);
      // Under --json too, said on stderr only: nothing on stdout.
      const json = await kb('ingest', input, '--rejects', rejects, '--json');
      expect([json.code, json.text, json.err]).toEqual([2, '', r.err]);
      expect(readFileSync(input, 'utf8')).toBe(text);
      expect(readFileSync(store).equals(kept)).toBe(true);
    }
    expect((await kb('verify')).code).toBe(0);
  });

  it('under --json, says a usage error, a missing input or a store it cannot open on stderr only, with nothing on stdout', async () => {
    const notAStore = join(dir, 'not-a-store.sqlite');
    writeFileSync(notAStore, 'not a database');
    for (const [on, args, code, said] of [
      [store, ['ingest', '--json'], 2, 'kb ingest needs a file of claim records'],
      [store, ['ingest', join(dir, 'no-such.ndjson'), '--json'], 1, 'no such input file'],
      [notAStore, ['ingest', EXAMPLES, '--json'], 1, notAStore],
    ] as const) {
      const r = await kbOn(on, ...args);
      expect([r.code, r.text], args.join(' ')).toEqual([code, '']);
      expect(r.err).toContain(said);
    }
  });

  it('refuses a --rejects path no file can be made at before reading a line, and stores nothing of the input', async () => {
    const input = join(dir, 'some-bad.ndjson');
    const fresh = { ...JSON.parse(exampleLines()[0]!), id: 'cli-test-rejects-path', occurred: '2023-03-26' };
    writeFileSync(input, `${JSON.stringify(fresh)}\n{not json\n`);
    const kept = readFileSync(store);
    const missingFolder = join(dir, 'no-such-folder', 'out.ndjson');
    for (const [rejects, said] of [
      [missingFolder, `--rejects ${missingFolder}: the folder ${join(dir, 'no-such-folder')} does not exist`],
      [
        dir,
        `--rejects ${dir}: that is a folder; name a file for them, such as ${join(dir, 'rejected.ndjson')}`,
      ],
    ] as const) {
      const r = await kb('ingest', input, '--rejects', rejects);
      expect(r.code, rejects).toBe(2);
      expect(r.err.trim()).toBe(`kb: ${said}`);
      expect(readFileSync(store).equals(kept)).toBe(true);
    }
    // The default path, beside the input, is named as the default, with how to change it.
    mkdirSync(`${input}.rejected.ndjson`);
    const byDefault = await kb('ingest', input);
    expect(byDefault.code).toBe(1);
    expect(byDefault.err.trim()).toBe(
      `kb: rejected lines go to ${input}.rejected.ndjson (give --rejects FILE to change it): that is a folder; name a file for them, such as ${join(`${input}.rejected.ndjson`, 'rejected.ndjson')}`,
    );
    rmSync(`${input}.rejected.ndjson`, { recursive: true });
    expect(readFileSync(store).equals(kept)).toBe(true);
    // A path that can be made is taken, and both lines are dealt with.
    const ok = await kb('ingest', input, '--rejects', join(dir, 'made-here.ndjson'));
    expect(ok.code).toBe(3);
    expect(ok.text).toMatch(/added 1 /);
    expect(readFileSync(join(dir, 'made-here.ndjson'), 'utf8')).toBe('{not json\n');
  });

  it('says when it makes a new knowledge base, and where, so a mistyped --store is seen at once', async () => {
    const fresh = join(dir, 'typo-folder', 'kb.sqlite');
    const first = capture();
    expect(await run(['ingest', EXAMPLES, '--store', fresh], first)).toBe(0);
    expect(first.stderr).toEqual([
      `kb: made a new knowledge base at ${fresh} (and the folder ${join(dir, 'typo-folder')})`,
    ]);
    const again = capture();
    expect(await run(['ingest', EXAMPLES, '--store', fresh], again)).toBe(0);
    expect(again.stderr).toEqual([]);
  });

  it('ingest --dry-run reports exactly what an ingest would do and changes nothing', async () => {
    const lines = readFileSync(EXAMPLES, 'utf8').split('\n').filter(Boolean);
    const present = lines[1]!;
    const fresh = { ...JSON.parse(lines[0]!), id: 'cli-test-dry-run', occurred: '2023-03-25' };
    const file = join(dir, 'trial.ndjson');
    writeFileSync(file, `${present}\n${JSON.stringify(fresh)}\n{"kind": "visit"}\n`);
    const before = await kb('verify');
    const stored = readFileSync(store);

    const r = await kb('ingest', file, '--dry-run');
    expect(r.code).toBe(3);
    expect(r.text).toMatch(/^Dry run: nothing was written to .*kb\.sqlite/);
    expect(r.text).toMatch(/added 1 \(\d+ events?\), already present 1, rejected 1 line\b/);
    expect(r.text).toMatch(/line 3, mission: required, but missing/);
    expect(r.text).not.toMatch(/rejected lines are in/);
    expect(existsSync(`${file}.rejected.ndjson`)).toBe(false);
    expect((await kb('verify')).text).toBe(before.text);
    expect(readFileSync(store).equals(stored)).toBe(true);

    const json = await kb('ingest', file, '--dry-run', '--json');
    expect(json.out.json_[0]).toMatchObject({ dryRun: true, added: 1, skipped: 1, rejectedLines: 1 });

    // On a store that does not exist yet: the report, and still no file.
    const none = join(dir, 'not-yet.sqlite');
    const out = capture();
    expect(await run(['ingest', file, '--dry-run', '--store', none], out)).toBe(3);
    expect(out.stdout.join('\n')).toMatch(/added 2 /);
    expect(existsSync(none)).toBe(false);
  });

  it("ingest notes a record's outlet grade that did not apply, and exits 0", async () => {
    const file = join(dir, 'grade.ndjson');
    const record = {
      id: 'grade-note-test',
      mission: 'tj-khorog-consulate',
      kind: 'statement',
      stance: 'asserts',
      controller: 'taliban',
      occurred: '2023-03-23',
      claimant: 'Someone',
      quote: 'q',
      source: { outlet: 'The Diplomat', published: '2023-03-30', reliability: 'A' },
    };
    writeFileSync(file, `${JSON.stringify(record)}\n`);
    const r = await kb('ingest', file);
    expect(r.code).toBe(0);
    expect(r.text).toMatch(
      /\n\nNotes \(these lines were stored; each note says what to check\):\n {2}line 1, source\.reliability: The Diplomat is graded F; .* so A was not applied/,
    );
  });

  it('says a file whose lines are not JSON at all needs converting, and only then', async () => {
    const csv = join(dir, 'claims.csv');
    writeFileSync(csv, 'id,mission,kind,stance\nc1,tj-khorog-consulate,visit,asserts\n');
    const r = await kb('ingest', csv);
    expect(r.code).toBe(3);
    expect(r.text).toContain('line 1, (record): not JSON: it begins "id,mission,kind,stan"');
    expect(r.text).toContain(
      'These lines are not JSON at all: kb ingest reads claim records as NDJSON (one JSON object a line), a JSON array, or objects pretty-printed one after another (docs/claim-records.md). A CSV file or a spreadsheet needs converting first.',
    );
    // One record taken, or one line that is JSON however broken: the file is not what the hint says.
    const taken = `${exampleLines()[0]}\nc1,tj-khorog-consulate,visit,asserts\n`;
    const broken = 'c1,tj-khorog-consulate,visit,asserts\n{"kind":\n';
    for (const [name, text, csvLine] of [
      ['taken.csv', taken, 2],
      ['broken.csv', broken, 1],
    ] as const) {
      const file = join(dir, name);
      writeFileSync(file, text);
      const m = await kb('ingest', file);
      expect(m.code, name).toBe(3);
      expect(m.text, name).toContain(`line ${csvLine}, (record): not JSON: it begins "c1,tj-khorog-consula"`);
      expect(m.text, name).not.toContain('These lines are not JSON at all');
    }
  });

  it('says it copies a large store before a dry run, and says nothing of a small one', async () => {
    const small = await kb('ingest', EXAMPLES, '--dry-run');
    expect(small.err).toBe('');
    // A copy of the store grown to 250 MB with a hole at its end: SQLite reads it as it was.
    const large = join(dir, 'large.sqlite');
    copyFileSync(store, large);
    truncateSync(large, 250 * 1024 * 1024);
    const out = capture();
    expect(await run(['ingest', EXAMPLES, '--dry-run', '--store', large], out)).toBe(0);
    expect(out.stderr).toEqual([
      `kb: the dry run works on a private copy of ${large}; copying its 262 MB first`,
    ]);
    expect(out.stdout.join('\n')).toMatch(/already present 15/);
  });
});
