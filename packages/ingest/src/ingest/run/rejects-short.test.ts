// Late rejected lines on a disk filling up: a write to the side file in the temporary folder, to
// the end of the rejects file (a file with a second name) or to the merge file beside it that takes
// only part of its bytes, or a read of the side file that comes back short, stops the run. The
// rejects file holds whole lines only, and no line that is not wholly in it is named.
import { linkSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MemoryEventStore } from '@kb/store';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { folderPerTest } from '../test-kit/ingest-test-kit.js';
import { claimRecord, ndjson } from '../test-kit/test-records.js';
import { ingest } from './ingest.js';
import { IngestAbortedError, IngestInterruptedError } from './ingest-report.js';
import { RejectsFile, RejectsFileError } from './rejects-file.js';

/**
 * The files opened under a path `match` finds: `room` bytes more can be written to them (a write
 * takes what fits, as a disk filling up does, then fails), opening them fails with `openError`, and
 * reading them gives nothing with `readsNothing`.
 */
interface Fault {
  match: RegExp;
  room: number;
  /** The most one write takes (a short write with room to spare). */
  perWrite?: number;
  openError?: string;
  readsNothing?: boolean;
}
const disk = vi.hoisted(() => ({ faults: [] as Fault[], fds: new Map<number, Fault>() }));
vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs')>();
  const errno = (code: string, call: string) => Object.assign(new Error(`${code}: ${call}`), { code });
  const openSync = ((...args: Parameters<typeof fs.openSync>) => {
    const fault = disk.faults.find((f) => f.match.test(String(args[0])));
    if (fault?.openError !== undefined) throw errno(fault.openError, `open '${String(args[0])}'`);
    const fd = fs.openSync(...args);
    if (fault !== undefined) disk.fds.set(fd, fault);
    return fd;
  }) as typeof fs.openSync;
  const closeSync = ((fd: number) => {
    disk.fds.delete(fd);
    fs.closeSync(fd);
  }) as typeof fs.closeSync;
  const writeSync = ((fd: number, data: NodeJS.ArrayBufferView, ...rest: unknown[]) => {
    const fault = disk.fds.get(fd);
    if (fault === undefined || typeof data === 'string')
      return (fs.writeSync as (...a: unknown[]) => number)(fd, data, ...rest);
    const all = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
    const offset = typeof rest[0] === 'number' ? rest[0] : 0;
    const length = typeof rest[1] === 'number' ? rest[1] : all.length - offset;
    const position = typeof rest[2] === 'number' ? rest[2] : null;
    const n = Math.min(fault.room, length, fault.perWrite ?? length);
    if (n === 0 && length > 0) throw errno('ENOSPC', 'no space left on device, write');
    fs.writeSync(fd, all, offset, n, position);
    fault.room -= n;
    return n;
  }) as typeof fs.writeSync;
  const readSync = ((fd: number, ...rest: unknown[]) => {
    if (disk.fds.get(fd)?.readsNothing === true) return 0;
    return (fs.readSync as (...a: unknown[]) => number)(fd, ...rest);
  }) as typeof fs.readSync;
  const mocked = { ...fs, openSync, closeSync, writeSync, readSync };
  return { ...mocked, default: mocked };
});

const SIDE_FILE = /kb-rejects-\d+-\d+\.late$/;
const MERGE_FILE = /\.merging$/;

const folder = folderPerTest();
afterEach(() => {
  disk.faults.length = 0;
});

/** Writes b and c, then a long line and a (both before them in the input): the last two are late. */
async function lateLines(file: RejectsFile): Promise<void> {
  await file.write(3, 'b');
  await file.write(4, 'c');
  await file.write(2, 'a'.repeat(7000));
  await file.write(1, 'z');
}

async function closeFails(file: RejectsFile): Promise<void> {
  await expect(file.close()).rejects.toBeInstanceOf(RejectsFileError);
}

describe('late rejected lines on a full disk', () => {
  it('stop the run when the side file in the temporary folder takes only part of one', async () => {
    const path = join(folder.dir, 'r.ndjson');
    const file = new RejectsFile(path);
    disk.faults.push({ match: SIDE_FILE, room: 4096 });
    await file.write(3, 'b');
    await file.write(4, 'c');
    const stopped = file.write(2, 'a'.repeat(7000));
    await expect(stopped).rejects.toBeInstanceOf(RejectsFileError);
    // It names the folder that is full, not the rejects file's disk.
    await expect(stopped).rejects.toThrow(
      `cannot keep rejected lines for ${path} in the temporary folder ${tmpdir()}: the disk is full`,
    );
    // The run is stopping: what comes meanwhile is not written, nor named.
    await file.write(5, 'd');
    await file.close();
    expect(readFileSync(path, 'utf8')).toBe('b\nc\n');
    expect([1, 2, 3, 4, 5].map((order) => file.lineOf(order))).toEqual([null, null, 1, 2, null]);
    expect(file.written).toBe(path);
  });

  it('stop the run, the rejects file as it was, when the side file reads back short', async () => {
    const path = join(folder.dir, 'r.ndjson');
    const file = new RejectsFile(path);
    disk.faults.push({ match: SIDE_FILE, room: Number.POSITIVE_INFINITY, readsNothing: true });
    await lateLines(file);
    await closeFails(file);
    expect(readFileSync(path, 'utf8')).toBe('b\nc\n');
    expect([1, 2, 3, 4].map((order) => file.lineOf(order))).toEqual([null, null, 1, 2]);
    expect(readdirSync(folder.dir)).toEqual(['r.ndjson']);
  });

  it('are merged whole through a merge file whose writes take only part of them', async () => {
    const path = join(folder.dir, 'r.ndjson');
    const file = new RejectsFile(path);
    disk.faults.push({ match: MERGE_FILE, room: Number.POSITIVE_INFINITY, perWrite: 4096 });
    await lateLines(file);
    await file.close();
    expect(readFileSync(path, 'utf8')).toBe(`z\n${'a'.repeat(7000)}\nb\nc\n`);
    expect([1, 2, 3, 4].map((order) => file.lineOf(order))).toEqual([1, 2, 3, 4]);
  });

  it('stop the run, the rejects file as it was, when the merge file beside it takes only part of them', async () => {
    const path = join(folder.dir, 'r.ndjson');
    const file = new RejectsFile(path);
    disk.faults.push({ match: MERGE_FILE, room: 4096 });
    await lateLines(file);
    await closeFails(file);
    expect(readFileSync(path, 'utf8')).toBe('b\nc\n');
    expect([1, 2, 3, 4].map((order) => file.lineOf(order))).toEqual([null, null, 1, 2]);
    expect(readdirSync(folder.dir)).toEqual(['r.ndjson']);
  });

  it('stop the run, the rejects file as it was, when the merge file cannot be made for want of room, and are not appended', async () => {
    const path = join(folder.dir, 'r.ndjson');
    const file = new RejectsFile(path);
    disk.faults.push({ match: MERGE_FILE, room: 0, openError: 'ENOSPC' });
    await lateLines(file);
    await closeFails(file);
    expect(readFileSync(path, 'utf8')).toBe('b\nc\n');
    expect([1, 2, 3, 4].map((order) => file.lineOf(order))).toEqual([null, null, 1, 2]);
  });

  it('go at the end, named there, when the folder forbids the merge file', async () => {
    for (const code of ['EACCES', 'EPERM', 'EROFS']) {
      const path = join(folder.dir, `r-${code}.ndjson`);
      const file = new RejectsFile(path);
      disk.faults.push({ match: MERGE_FILE, room: 0, openError: code });
      await lateLines(file);
      await file.close();
      disk.faults.length = 0;
      expect(readFileSync(path, 'utf8'), code).toBe(`b\nc\nz\n${'a'.repeat(7000)}\n`);
      expect([1, 2, 3, 4].map((order) => file.lineOf(order))).toEqual([3, 4, 1, 2]);
    }
  });

  it('stop the run when appended to a file with a second name that takes only part of them, cut back to its last whole line', async () => {
    const path = join(folder.dir, 'r.ndjson');
    writeFileSync(path, '');
    linkSync(path, join(folder.dir, 'other-name.ndjson'));
    const file = new RejectsFile(path);
    // b, c and z whole, then 4,096 bytes of the long line.
    disk.faults.push({ match: /r\.ndjson$/, room: 6 + 4096 });
    await lateLines(file);
    await closeFails(file);
    expect(readFileSync(path, 'utf8')).toBe('b\nc\nz\n');
    expect([1, 2, 3, 4].map((order) => file.lineOf(order))).toEqual([3, null, 1, 2]);
  });

  it('stop an ingest whose claim the store refuses at commit when the temporary folder is full, naming only lines in the file', async () => {
    const store = new MemoryEventStore();
    await ingest(store, folder.file('base.ndjson', ndjson([claimRecord({ id: 'c9' })])));
    const lines = [
      JSON.stringify(claimRecord({ id: 'ok-1' })),
      JSON.stringify(claimRecord({ id: 'c9', quote: `another quote ${'q'.repeat(7000)}` })),
      ...Array.from({ length: 5 }, (_, i) => `not json ${i}`),
    ];
    const rejectsPath = join(folder.dir, 'rejects.ndjson');
    disk.faults.push({ match: SIDE_FILE, room: 4096 });
    const run = ingest(store, folder.file('in.ndjson', `${lines.join('\n')}\n`), { rejectsPath });
    const error = await run.then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(IngestAbortedError);
    expect((error as IngestAbortedError).cause).toBeInstanceOf(RejectsFileError);
    const report = (error as IngestAbortedError).report;
    const text = readFileSync(rejectsPath, 'utf8');
    expect(text).toBe(`${lines.slice(2).join('\n')}\n`);
    // The refused claim (a problem per field that differs) is not in the file, and is not named.
    const named = new Map(report.rejected.map((r, i) => [r.line, report.rejectedCopies[i]]));
    expect([...named]).toEqual([[2, null], ...lines.slice(2).map((_, i) => [i + 3, i + 1])]);
  });

  it('are named at the end of the file in the report of an interrupted run, when the folder forbids the merge file', async () => {
    const store = new MemoryEventStore();
    await ingest(store, folder.file('base.ndjson', ndjson([claimRecord({ id: 'c9' })])));
    const lines = [
      JSON.stringify(claimRecord({ id: 'ok-1' })),
      JSON.stringify(claimRecord({ id: 'c9', quote: 'another quote' })),
      ...Array.from({ length: 5 }, (_, i) => `not json ${i}`),
    ];
    const rejectsPath = join(folder.dir, 'rejects.ndjson');
    disk.faults.push({ match: MERGE_FILE, room: 0, openError: 'EACCES' });
    const stop = new AbortController();
    // Stopped after the last line is read: its batch, and the claim the store refuses, are still committed.
    const onReject = (r: { line: number }) => {
      if (r.line === lines.length) stop.abort();
    };
    const input = folder.file('in.ndjson', `${lines.join('\n')}\n`);
    const error = await ingest(store, input, { rejectsPath, signal: stop.signal, onReject }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(IngestInterruptedError);
    const report = (error as IngestInterruptedError).report;
    // The refused claim went at the end, after the lines written before its batch committed.
    expect(readFileSync(rejectsPath, 'utf8')).toBe(`${[...lines.slice(2), lines[1]].join('\n')}\n`);
    const named = new Map(report.rejected.map((r, i) => [r.line, report.rejectedCopies[i]]));
    expect([...named].sort((a, b) => a[0]! - b[0]!)).toEqual([
      [2, 6],
      ...lines.slice(2).map((_, i) => [i + 3, i + 1]),
    ]);
  });
});
