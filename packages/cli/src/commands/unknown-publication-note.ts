import type { PossiblyPublished, PossiblyPublishedEntry, UnknownPublication } from '@kb/projections';
import { formatVague } from '../render/dates.js';
import { clippedList } from '../render/text.js';

/** Ids listed in a note; --json lists them all. */
const IDS_SHOWN = 10;

/** A note's list in words, and whether it names one account or retraction. */
export interface NoteList {
  readonly text: string;
  readonly one: boolean;
}

/**
 * The accounts and retractions a report of unknown publication date keeps off the publication axis,
 * in words ("the account a, and the retraction of b"), with whether they are one; null for none.
 * kb timeline says it under its publication table, kb mission under an answer cut by --known-at.
 */
export function unknownPublicationList(unknown: UnknownPublication): NoteList | null {
  return accountsAndRetractions(unknown.accounts, unknown.retractions);
}

/**
 * The accounts and retractions a --known-at cut leaves out only because their report was possibly,
 * not certainly, published by then, in words with the report's date ("the account a (report
 * published 2023-03 [2023-03-01..2023-03-31]), and the retraction of b (published …)"), with whether
 * they are one; null for none. kb mission says it under an answer cut by --known-at.
 */
export function possiblyPublishedList(possibly: PossiblyPublished): NoteList | null {
  const dated = (entries: readonly PossiblyPublishedEntry[], what: string) =>
    entries.map((e) => `${e.claimId} (${what} ${formatVague(e.published)})`);
  return accountsAndRetractions(
    dated(possibly.accounts, 'report published'),
    dated(possibly.retractions, 'retraction published'),
  );
}

/** "the account(s) …, and the retraction(s) of …", each list clipped; null when both are empty. */
function accountsAndRetractions(
  accounts: readonly string[],
  retractions: readonly string[],
): NoteList | null {
  const parts: string[] = [];
  if (accounts.length > 0)
    parts.push(
      `the account${accounts.length === 1 ? '' : 's'} ${clippedList(accounts, IDS_SHOWN, '--json lists every one')}`,
    );
  if (retractions.length > 0)
    parts.push(
      `the retraction${retractions.length === 1 ? '' : 's'} of ${clippedList(retractions, IDS_SHOWN, '--json lists every one')}`,
    );
  if (parts.length === 0) return null;
  return { text: parts.join(', and '), one: accounts.length + retractions.length === 1 };
}
