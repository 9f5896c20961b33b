// The rejects file holds each rejected record's own text on one line, so that sending it again is
// refused for the same reason until the record is mended.
import { execFileSync } from 'node:child_process';
import {
  chmodSync,
  createReadStream,
  linkSync,
  lstatSync,
  readdirSync,
  readFileSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MemoryEventStore } from '@kb/store';
import { describe, expect, it } from 'vitest';
import { claims, folderPerTest } from '../test-kit/ingest-test-kit.js';
import { claimRecord } from '../test-kit/test-records.js';
import { ingest } from './ingest.js';
import { oneLine, RejectsFile } from './rejects-file.js';

const folder = folderPerTest();

describe('oneLine', () => {
  it('leaves a one-line record as written', () => {
    const text = '{ "a" : 1,  "a":2 , "b": 1e400 }';
    expect(oneLine(text)).toBe(text);
  });

  it('drops the white space between the tokens of a record spanning lines, and keeps strings as written', () => {
    expect(oneLine('{\r\n  "a b": "x  y\\"  z",\n\t"c": [ 1,\n 2 ],\n  "a b": 1e400\n}')).toBe(
      '{"a b":"x  y\\"  z","c":[1,2],"a b":1e400}',
    );
    expect(oneLine('{\n  "contr\\u006fller": "t",\n  "controller": "u"\n}')).toBe(
      '{"contr\\u006fller":"t","controller":"u"}',
    );
  });

  it('keeps text that is not JSON apart where it would join, and a line break in a string as a space', () => {
    expect(oneLine('{\n  "a": tru e,\n  "b": 1\n 2\n}')).toBe('{"a":tru e,"b":1 2}');
    expect(oneLine('{"a": "one\ntwo"}')).toBe('{"a":"one two"}');
  });
});

describe('ingest: the rejects file of records spanning lines', () => {
  const pretty = (record: unknown) => JSON.stringify(record, null, 2);
  const twice = pretty(claimRecord({ id: 'twice' })).replace(
    '"kind": "visit"',
    '"kind": "closure",\n  "kind": "visit"',
  );
  const huge = pretty(claimRecord({ id: 'huge', credibility: 3 })).replace(
    '"credibility": 3',
    '"credibility": 1e400',
  );
  const escaped = pretty(claimRecord({ id: 'escaped', controller: 'republic' })).replace(
    '"controller": "republic"',
    '"controller": "republic",\n  "contr\\u006fller": "taliban"',
  );
  const compact = (text: string) => text.replace(/\n\s*/g, '').replaceAll('": ', '":');
  const where = (report: { rejected: readonly { line: number; path: string }[] }) =>
    report.rejected.map((r) => r.path);

  for (const [layout, input] of [
    ['a JSON array', `[\n${[pretty(claimRecord({ id: 'good' })), twice, huge, escaped].join(',\n')}\n]\n`],
    ['pretty-printed records', `${[pretty(claimRecord({ id: 'good' })), twice, huge, escaped].join('\n')}\n`],
  ] as const) {
    it(`of ${layout} holds each as written, on one line, and is refused again when sent again`, async () => {
      const store = new MemoryEventStore();
      const rejectsPath = join(folder.dir, 'rejects.ndjson');
      const first = await ingest(store, folder.file('in.json', input), { rejectsPath });
      expect(first.added).toBe(1);
      expect(where(first)).toEqual(['kind', 'credibility', 'controller']);
      const written = readFileSync(rejectsPath, 'utf8');
      expect(written).toBe(`${[twice, huge, escaped].map(compact).join('\n')}\n`);

      const again = await ingest(store, rejectsPath, { rejectsPath: join(folder.dir, 'again.ndjson') });
      expect(again.added).toBe(0);
      expect(where(again)).toEqual(['kind', 'credibility', 'controller']);
      expect((await claims(store)).map((c) => c.claimId)).toEqual(['good']);
    });
  }

  it('copies an element nested too deep without running out of stack', async () => {
    const deepArray = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    const input = `[\n${JSON.stringify(claimRecord({ id: 'good' }))},\n{\n  "id": "deep",\n  "via": ${deepArray}\n}\n]\n`;
    const rejectsPath = join(folder.dir, 'rejects.ndjson');
    const report = await ingest(new MemoryEventStore(), folder.file('deep.json', input), { rejectsPath });
    expect(report.rejected.map((r) => `${r.line}:${r.path}`)).toEqual(['3:via']);
    const written = readFileSync(rejectsPath, 'utf8');
    expect(written === `{"id":"deep","via":${deepArray}}\n`).toBe(true);
  });

  it('holds every line after a JSON array, as written, so that ingesting it stores them', async () => {
    const store = new MemoryEventStore();
    const rejectsPath = join(folder.dir, 'rejects.ndjson');
    const after = [1, 2, 3].map((n) => JSON.stringify(claimRecord({ id: `after-${n}` })));
    const input = `[${JSON.stringify(claimRecord({ id: 'in-array' }))}]\n${after[0]}\n\n${after[1]}\n${after[2]}`;
    const first = await ingest(store, folder.file('in.json', input), { rejectsPath });
    expect(first).toMatchObject({ added: 1, records: 4, rejectedLines: 3, rejectsPath });
    expect(first.rejected.map((r) => r.line)).toEqual([2, 4, 5]);
    expect(readFileSync(rejectsPath, 'utf8')).toBe(`${after.join('\n')}\n`);
    const again = await ingest(store, rejectsPath);
    expect(again).toMatchObject({ added: 3, rejectedLines: 0 });
  });
});

describe('RejectsFile: line order', () => {
  it('writes a line that comes after later ones at its place, merged in through a file renamed into place', async () => {
    const path = join(folder.dir, 'r.ndjson');
    const file = new RejectsFile(path);
    const came = [
      [2, 'b'],
      [5, 'e'],
      [1, 'a'],
      [6, 'f'],
      [3, 'c'],
      [7, 'g'],
      [4, '{\n  "d": 1\n}'],
    ] as const;
    for (const [order, text] of came) await file.write(order, text);
    expect([1, 2, 3, 4, 5, 6, 7, 8].map((order) => file.lineOf(order))).toEqual([1, 2, 3, 4, 5, 6, 7, null]);
    await file.close();
    expect(readFileSync(path, 'utf8')).toBe('a\nb\nc\n{"d":1}\ne\nf\ng\n');
    expect(readdirSync(folder.dir)).toEqual(['r.ndjson']);
  });

  it('writes late lines after the others, in their order, to a rejects path that is a pipe', async () => {
    const path = join(folder.dir, 'pipe');
    execFileSync('mkfifo', [path]);
    const read = new Promise<string>((resolve, reject) => {
      let text = '';
      createReadStream(path, 'utf8')
        .on('data', (chunk) => {
          text += chunk;
        })
        .on('end', () => resolve(text))
        .on('error', reject);
    });
    // The reader opens the pipe in the background: let it start, or opening it to write would wait.
    await new Promise((resolve) => setTimeout(resolve, 50));
    const file = new RejectsFile(path);
    for (const [order, text] of [
      [2, 'b'],
      [3, 'c'],
      [1, 'a'],
    ] as const)
      await file.write(order, text);
    expect([1, 2, 3].map((order) => file.lineOf(order))).toEqual([3, 1, 2]);
    await file.close();
    expect(await read).toBe('b\nc\na\n');
  });

  /** Writes b, c, then a (which comes first in the input): a is late. */
  const lateA = async (file: RejectsFile) => {
    for (const [order, text] of [
      [2, 'b'],
      [3, 'c'],
      [1, 'a'],
    ] as const)
      await file.write(order, text);
  };

  it('merges through a symbolic link into the file it leads to, which keeps its permissions, the link kept', async () => {
    const target = join(folder.dir, 'target.ndjson');
    writeFileSync(target, 'old\n');
    chmodSync(target, 0o600);
    const link = join(folder.dir, 'link.ndjson');
    symlinkSync(target, link);
    const file = new RejectsFile(link);
    await lateA(file);
    await file.close();
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readFileSync(target, 'utf8')).toBe('a\nb\nc\n');
    expect(statSync(target).mode & 0o777).toBe(0o600);
    expect(readdirSync(folder.dir).sort()).toEqual(['link.ndjson', 'target.ndjson']);
  });

  it('writes late lines at the end of a file with a second hard link, so both names keep every line', async () => {
    const path = join(folder.dir, 'r.ndjson');
    writeFileSync(path, '');
    const other = join(folder.dir, 'other-name.ndjson');
    linkSync(path, other);
    const file = new RejectsFile(path);
    await lateA(file);
    expect([1, 2, 3].map((order) => file.lineOf(order))).toEqual([3, 1, 2]);
    await file.close();
    expect(readFileSync(path, 'utf8')).toBe('b\nc\na\n');
    expect(readFileSync(other, 'utf8')).toBe('b\nc\na\n');
  });

  it('leaves no copy of a late line in the temporary folder, even before it closes', async () => {
    const mine = () => readdirSync(tmpdir()).filter((name) => name.startsWith(`kb-rejects-${process.pid}-`));
    const file = new RejectsFile(join(folder.dir, 'r.ndjson'));
    await lateA(file);
    expect(mine()).toEqual([]);
    await file.close();
    expect(readFileSync(join(folder.dir, 'r.ndjson'), 'utf8')).toBe('a\nb\nc\n');
  });

  it("removes a merge file a killed run left beside it, and names no line of /dev/null's", async () => {
    const path = join(folder.dir, 'r.ndjson');
    // A process number no process has (above Linux's largest), as a run killed long ago left it.
    writeFileSync(`${path}.4999999.merging`, 'half\n');
    const file = new RejectsFile(path);
    await lateA(file);
    await file.close();
    expect(readdirSync(folder.dir)).toEqual(['r.ndjson']);
    const nothing = new RejectsFile('/dev/null');
    await lateA(nothing);
    await nothing.close();
    expect([1, 2, 3].map((order) => nothing.lineOf(order))).toEqual([null, null, null]);
  });
});
