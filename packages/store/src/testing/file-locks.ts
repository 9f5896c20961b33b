// What this process holds on a file, as Linux lists it (/proc/locks, /proc/self/fd): for the tests
// that check a read of the store file beside an open connection leaves SQLite's locks (held-file.ts).
import { readdirSync, readFileSync, readlinkSync, statSync } from 'node:fs';

/** The POSIX locks this process holds on the file at `path`, as /proc/locks lists them. */
export function locksOn(path: string): string[] {
  const inode = String(statSync(path).ino);
  return readFileSync('/proc/locks', 'utf8')
    .split('\n')
    .filter((line) => {
      // "1: POSIX  ADVISORY  READ 1234 00:2e:5678 1073741826 1073742335"; "->" marks a waiter.
      const fields = line.trim().split(/\s+/);
      if (fields[1] === '->') return false;
      return fields[4] === String(process.pid) && fields[5]?.split(':')[2] === inode;
    });
}

/** This process's descriptors open on the file at `path`. */
export function descriptorsOn(path: string): number {
  return readdirSync('/proc/self/fd').filter((fd) => {
    try {
      return readlinkSync(`/proc/self/fd/${fd}`) === path;
    } catch {
      return false;
    }
  }).length;
}
