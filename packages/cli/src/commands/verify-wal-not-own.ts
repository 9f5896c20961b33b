// kb verify beside a -wal that is not the file's own (another store's, or one this store wrote after
// the copy of its file that lies here was taken). Read through it, the log mixes two files' pages
// and shows a break or damage in a file that alone may be intact; the read-only open refuses it
// first (WalNotOwnError, sqlite-wal-continues.ts), and this says so as verify's answer: the -wal,
// where the file alone ends, that nothing was walked nor written, and how to verify the file alone.
import { resolve } from 'node:path';
import { WalNotOwnError } from '@kb/store';
import type { ParsedCommand } from '../args/parse-args.js';
import { storeFile } from '../context/write-protection.js';
import { shellWord, storeOptions } from '../render/command-line.js';
import type { Output } from './output.js';

/** The WalNotOwnError along `error`'s chain of causes, if any. */
export function walNotOwnIn(error: unknown): WalNotOwnError | undefined {
  for (let e: unknown = error; e instanceof Error; e = e.cause) if (e instanceof WalNotOwnError) return e;
  return undefined;
}

/**
 * Writes verify's answer on a store refused for `refusal`, in text or as `--json` (the keys of an
 * answer that read nothing, with `foreignWal`); the exit code is a broken chain's, 1.
 */
export async function reportWalNotOwn(
  cmd: ParsedCommand,
  refusal: WalNotOwnError,
  out: Output,
  unreadAnswer: (reason: string) => Record<string, unknown>,
): Promise<number> {
  const wal = walBeside(cmd.global.store);
  const head = refusal.fileHead;
  const fileEnds =
    head.count === 0
      ? 'The file alone holds no event'
      : `The file alone ends at position ${head.lastPosition} with hash ${head.lastHash}`;
  const lines = [
    `NOT VERIFIED: the write-ahead log beside the file, ${wal}, is not the file's own: it does not continue the log the file holds.`,
    `${fileEnds}; read through that log, ${refusal.found}.`,
    "It is another store's -wal, or one this store wrote after the copy of the file that lies here was taken. " +
      'Read through it, the log would mix the pages of the two files, so the chain was not walked; nothing was written.',
    `Move ${shellWord(wal)} away, untouched (it may hold events of its own store), and kb verify${storeOptions(cmd.global)} checks the file alone.`,
  ];
  if (!cmd.global.json) {
    for (const line of lines) out.text(line);
    return 1;
  }
  // As the other answers that read nothing give it: the reason, without the text's heading.
  const reason = lines.join(' ').replace(/^NOT VERIFIED: /, '');
  await out.json({
    ...unreadAnswer(reason),
    foreignWal: {
      path: wal,
      fileEnd: { events: head.count, position: head.lastPosition, hash: head.lastHash },
      found: refusal.found,
    },
  });
  out.error(`kb: ${reason}`);
  return 1;
}

/** The -wal SQLite reads beside the store `path`: beside the file a symbolic link names, not the link. */
function walBeside(path: string): string {
  const file = storeFile(path);
  return file === resolve(path) ? `${path}-wal` : `${file}-wal`;
}
