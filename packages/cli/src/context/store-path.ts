import { type Stats, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { CliError } from './cli-error.js';

/**
 * A --store that is there but is no regular file (symbolic links followed): a folder, or a named
 * pipe, a device or a socket, which SQLite can neither read as a store nor make one in (beside a
 * device it would make its journal file, as /dev/null-journal), and which reads as empty.
 */
export function refuseOtherThanFile(store: string): void {
  let found: Stats | undefined;
  try {
    found = statSync(store, { throwIfNoEntry: false });
  } catch (error) {
    // A path through a file (FILE/kb.sqlite, or FILE/), or one that cannot be followed.
    const file = (error as NodeJS.ErrnoException).code === 'ENOTDIR' ? fileOnTheWay(store) : undefined;
    throw new CliError(
      file === undefined
        ? `${store} cannot be reached: ${(error as Error).message}`
        : `${store} names no file kb can use: ${file} is a file, not a folder; --store names the knowledge base's file`,
      1,
      { cause: error },
    );
  }
  if (found === undefined || found.isFile()) return;
  if (found.isDirectory())
    throw new CliError(
      `${store} is a folder: --store names the knowledge base's file, such as ${join(store, 'kb.sqlite')}`,
    );
  const what = found.isFIFO()
    ? 'a named pipe'
    : found.isSocket()
      ? 'a socket'
      : found.isCharacterDevice() || found.isBlockDevice()
        ? 'a device'
        : 'something else';
  throw new CliError(`${store} is ${what}, not a file: --store names the knowledge base's file`);
}

/** The file a path goes through as though it were a folder, if any. */
function fileOnTheWay(path: string): string | undefined {
  for (let at = resolve(path); at !== dirname(at); at = dirname(at)) {
    try {
      if (statSync(at, { throwIfNoEntry: false })?.isFile()) return at;
    } catch {
      // Past that file itself: on to the folders above.
    }
  }
  return undefined;
}
