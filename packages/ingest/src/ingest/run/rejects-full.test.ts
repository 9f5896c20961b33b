// A rejects file that cannot be written on (a full disk): the run stops at once, the file holds
// whole lines only, and no line that did not get into it is named as in it.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MemoryEventStore } from '@kb/store';
import { describe, expect, it, vi } from 'vitest';
import { folderPerTest } from '../test-kit/ingest-test-kit.js';
import { claimRecord } from '../test-kit/test-records.js';
import { ingest } from './ingest.js';
import { IngestAbortedError, type IngestReport } from './ingest-report.js';
import { RejectsFile, RejectsFileError } from './rejects-file.js';

// A small disk under the rejects file: `room` bytes more, then writes take what fits, then fail.
const disk = vi.hoisted(() => ({ room: Number.POSITIVE_INFINITY, fds: new Set<number>() }));
vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs')>();
  const openSync = ((...args: Parameters<typeof fs.openSync>) => {
    const fd = fs.openSync(...args);
    if (String(args[0]).endsWith('small-disk.ndjson')) disk.fds.add(fd);
    return fd;
  }) as typeof fs.openSync;
  const closeSync = ((fd: number) => {
    disk.fds.delete(fd);
    fs.closeSync(fd);
  }) as typeof fs.closeSync;
  const writeSync = ((fd: number, data: string | NodeJS.ArrayBufferView, ...rest: unknown[]) => {
    if (!disk.fds.has(fd)) return (fs.writeSync as (...a: unknown[]) => number)(fd, data, ...rest);
    let bytes: Buffer;
    if (typeof data === 'string') bytes = Buffer.from(data);
    else {
      const all = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
      const offset = typeof rest[0] === 'number' ? rest[0] : 0;
      const length = typeof rest[1] === 'number' ? rest[1] : all.length - offset;
      bytes = all.subarray(offset, offset + length);
    }
    const n = Math.min(disk.room, bytes.length);
    if (n === 0 && bytes.length > 0)
      throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
    fs.writeSync(fd, bytes, 0, n);
    disk.room -= n;
    return n;
  }) as typeof fs.writeSync;
  const mocked = { ...fs, openSync, closeSync, writeSync };
  return { ...mocked, default: mocked };
});

const folder = folderPerTest();
const bad = (i: number) => `not json ${'x'.repeat(80)} ${i}`;

async function stopped(run: Promise<IngestReport>): Promise<IngestReport> {
  try {
    await run;
  } catch (error) {
    expect(error).toBeInstanceOf(IngestAbortedError);
    expect((error as IngestAbortedError).cause).toBeInstanceOf(RejectsFileError);
    return (error as IngestAbortedError).report;
  }
  throw new Error('the run was not stopped');
}

describe('a rejects file on a full disk', () => {
  it('stops the run soon after the first write that fails, cut back to its last whole line, naming only the lines in it', async () => {
    // 600 lines, a valid claim and a bad line in turn; the disk takes about 12 bad lines.
    const lines = Array.from({ length: 600 }, (_, i) =>
      i % 2 === 0 ? JSON.stringify(claimRecord({ id: `c${i}` })) : bad(i),
    );
    const input = folder.file('in.ndjson', `${lines.join('\n')}\n`);
    const rejectsPath = join(folder.dir, 'small-disk.ndjson');
    disk.room = 1000;
    let report: IngestReport;
    try {
      report = await stopped(ingest(new MemoryEventStore(), input, { rejectsPath, batchSize: 10 }));
    } finally {
      disk.room = Number.POSITIVE_INFINITY;
    }
    const text = readFileSync(rejectsPath, 'utf8');
    expect(text.endsWith('\n')).toBe(true);
    const written = text.split('\n').slice(0, -1);
    expect(written.length).toBeGreaterThan(0);
    expect(written).toEqual(lines.filter((_, i) => i % 2 === 1).slice(0, written.length));
    // Stopped within a batch or so of the failed write, not at the end of the input.
    expect(report.lines).toBeLessThan(2 * written.length + 2 * 2 * 10 + 2);
    // Each problem names its line of the file only when its record is wholly there.
    const copies = report.rejectedCopies;
    expect(copies.filter((c) => c !== null)).toEqual(written.map((_, i) => i + 1));
    expect(copies.slice(written.length).every((c) => c === null)).toBe(true);
    expect(report.rejectsPath).toBe(rejectsPath);
  });

  it.skipIf(!existsSync('/dev/full'))(
    'as /dev/full: stops at the first rejected line, and no rejects path is claimed for nothing written',
    async () => {
      const lines = [
        bad(0),
        ...Array.from({ length: 300 }, (_, i) => JSON.stringify(claimRecord({ id: `d${i}` }))),
      ];
      const input = folder.file('full.ndjson', `${lines.join('\n')}\n`);
      const report = await stopped(
        ingest(new MemoryEventStore(), input, { rejectsPath: '/dev/full', batchSize: 10 }),
      );
      expect(report.lines).toBe(1);
      expect(report.added).toBe(0);
      expect(report.rejectsPath).toBe(null);
      expect(report.rejectedCopies).toEqual([null]);
    },
  );
});

describe('a rejects file whose disk fills at the end of a line', () => {
  it('keeps that line, under its number, and names none after it', async () => {
    const path = join(folder.dir, 'small-disk.ndjson');
    const file = new RejectsFile(path);
    try {
      await file.write(1, 'a'); // the first line is written at once
      await file.write(2, 'bb');
      await file.write(3, 'cc');
      // Room for "bb\n" exactly: the block of two lines stops at the end of the first.
      disk.room = Buffer.byteLength('bb\n');
      expect(() => file.flush()).toThrow(RejectsFileError);
      await file.close();
    } finally {
      disk.room = Number.POSITIVE_INFINITY;
    }
    expect(readFileSync(path, 'utf8')).toBe('a\nbb\n');
    expect([1, 2, 3].map((order) => file.lineOf(order))).toEqual([1, 2, null]);
    expect(file.written).toBe(path);
  });
});
