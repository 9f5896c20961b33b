// A write of the rejects file that stops exactly at the end of a line: that line is wholly in the
// file, so it stays there and keeps its line number; only the lines after it are cut.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { folderPerTest } from '../test-kit/ingest-test-kit.js';
import { RejectsFile, RejectsFileError } from './rejects-file.js';

// A small disk under the rejects file: `room` bytes more, then writes take what fits, then fail.
const disk = vi.hoisted(() => ({ room: Number.POSITIVE_INFINITY, fds: new Set<number>() }));
vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs')>();
  const openSync = ((...args: Parameters<typeof fs.openSync>) => {
    const fd = fs.openSync(...args);
    if (String(args[0]).endsWith('cut.ndjson')) disk.fds.add(fd);
    return fd;
  }) as typeof fs.openSync;
  const closeSync = ((fd: number) => {
    disk.fds.delete(fd);
    fs.closeSync(fd);
  }) as typeof fs.closeSync;
  const writeSync = ((fd: number, data: NodeJS.ArrayBufferView, ...rest: unknown[]) => {
    if (!disk.fds.has(fd) || typeof data === 'string')
      return (fs.writeSync as (...a: unknown[]) => number)(fd, data, ...rest);
    const all = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
    const offset = typeof rest[0] === 'number' ? rest[0] : 0;
    const length = typeof rest[1] === 'number' ? rest[1] : all.length - offset;
    const n = Math.min(disk.room, length);
    if (n === 0 && length > 0)
      throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
    fs.writeSync(fd, all, offset, n);
    disk.room -= n;
    return n;
  }) as typeof fs.writeSync;
  const mocked = { ...fs, openSync, closeSync, writeSync };
  return { ...mocked, default: mocked };
});

const folder = folderPerTest();
afterEach(() => {
  disk.room = Number.POSITIVE_INFINITY;
});

describe('a rejects file whose disk fills at the end of a line', () => {
  it('keeps that line, under its number, and names none after it', async () => {
    const path = join(folder.dir, 'cut.ndjson');
    const file = new RejectsFile(path);
    await file.write(1, 'a'); // the first line is written at once
    await file.write(2, 'bb');
    await file.write(3, 'cc');
    // Room for "bb\n" exactly: the block of two lines stops at the end of the first.
    disk.room = Buffer.byteLength('bb\n');
    expect(() => file.flush()).toThrow(RejectsFileError);
    await file.close();
    expect(readFileSync(path, 'utf8')).toBe('a\nbb\n');
    expect([1, 2, 3].map((order) => file.lineOf(order))).toEqual([1, 2, null]);
    expect(file.written).toBe(path);
  });
});
