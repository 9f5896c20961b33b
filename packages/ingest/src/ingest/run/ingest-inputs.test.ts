// Ingest from the kinds of input it takes: NDJSON and JSON array files, async iterables.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MemoryEventStore } from '@kb/store';
import { describe, expect, it } from 'vitest';
import { all, folderPerTest } from '../test-kit/ingest-test-kit.js';
import { claimRecord } from '../test-kit/test-records.js';
import { ingest } from './ingest.js';
import type { IngestProgress } from './ingest-report.js';
import { valuesAsItems } from './input-items.js';

const folder = folderPerTest();
const { file } = folder;

describe('ingest: inputs', () => {
  it('reads a JSON array file and reports elements by the line they start on', async () => {
    const path = file(
      'claims.json',
      `[\n${JSON.stringify(claimRecord({ id: 'a' }), null, 2)},\n{"kind": 5}\n]\n`,
    );
    const report = await ingest(new MemoryEventStore(), path, { rejectsPath: join(folder.dir, 'r.ndjson') });
    expect(report.added).toBe(1);
    const elementLine = 2 + JSON.stringify(claimRecord({ id: 'a' }), null, 2).split('\n').length;
    expect(new Set(report.rejected.map((r) => r.line))).toEqual(new Set([elementLine]));
    expect(readFileSync(join(folder.dir, 'r.ndjson'), 'utf8')).toBe('{"kind": 5}\n');
    // Lines read run to the end of the last element, not to its start.
    const pretty = file('pretty.json', `[\n${JSON.stringify(claimRecord({ id: 'b' }), null, 2)}\n]\n`);
    const read = await ingest(new MemoryEventStore(), pretty);
    expect(read.lines).toBe(1 + JSON.stringify(claimRecord({ id: 'b' }), null, 2).split('\n').length);
  });

  it('counts lines to the end of the last record: blank lines after it are not read as lines', async () => {
    const line = JSON.stringify(claimRecord({ id: 'a' }));
    for (const [name, text, lines] of [
      ['five-empty.ndjson', `${line}\n\n\n\n\n\n`, 1],
      ['crlf.ndjson', `${line}\r\n\r\n \t\r\n\r\n`, 1],
      ['no-break.ndjson', `\n${line}\n\n${line.replace('"a"', '"b"')}\n  \n  `, 4],
      ['blank.ndjson', '\n\n  \n', 0],
    ] as const) {
      const report = await ingest(new MemoryEventStore(), file(name, text));
      expect(report.lines, name).toBe(lines);
      expect(report.records, name).toBe(lines === 0 ? 0 : lines === 1 ? 1 : 2);
    }
  });

  it('fails plainly on a missing file, before writing anything', async () => {
    const store = new MemoryEventStore();
    await expect(ingest(store, join(folder.dir, 'missing.ndjson'))).rejects.toMatchObject({ code: 'ENOENT' });
    expect(await all(store)).toEqual([]);
  });

  it('counts a record given as a string in characters for the length limit: 9,000,000 emoji are under it', async () => {
    const read = async (text: string) => {
      const items = [];
      for await (const item of valuesAsItems([text])) items.push(item);
      return items;
    };
    // 18 million UTF-16 units, 9 million characters (the limit is 16,777,216).
    const emoji = `{"quote":"${'😀'.repeat(9_000_000)}"}`;
    expect(await read(emoji)).toEqual([{ line: 1, text: emoji }]);
    const ascii = `{"quote":"${'x'.repeat(16 * 1024 * 1024)}"}`;
    expect(await read(ascii)).toMatchObject([
      { line: 1, text: '', error: expect.stringContaining('longer than') },
    ]);
  });

  it('reads an async iterable of JSON strings and reports progress', async () => {
    async function* records() {
      for (let i = 0; i < 5; i++) yield JSON.stringify(claimRecord({ id: `r${i}` }));
    }
    const seen: IngestProgress[] = [];
    const report = await ingest(new MemoryEventStore(), records(), {
      batchSize: 2,
      onProgress: (p) => seen.push(p),
    });
    expect(report).toMatchObject({ lines: 5, added: 5, batches: 3 });
    expect(seen.map((p) => p.added)).toEqual([2, 4, 5, 5]);
    expect(seen.at(-1)?.totalBytes).toBeNull();
  });
});
