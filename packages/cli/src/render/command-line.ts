import { DEFAULT_STORE, type GlobalOptions } from '../args/parse-args.js';

// Commands that print a command for the user to run next (`kb verify` pointing at `kb log`, `kb log`
// at its next page) must name the same store, or the suggestion reads another one.

/** A word as a POSIX shell reads it back: as it is when plain, else in single quotes. */
export function shellWord(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`;
}

/**
 * The options naming the store this command used, with a leading space, for a command it suggests:
 * none when it is the one kb opens without options ($KB_STORE, else ./data/kb.sqlite).
 */
export function storeOptions(global: GlobalOptions): string {
  if (global.eventstore) return ` --eventstore ${shellWord(global.eventstore)}`;
  const implied = process.env['KB_STORE'] ?? DEFAULT_STORE;
  return global.store === implied ? '' : ` --store ${shellWord(global.store)}`;
}
