import type { PossiblyPublished, PossiblyPublishedEntry, UnknownPublication } from '@kb/projections';
import { formatVague } from '../render/dates.js';
import { wrap } from '../render/table.js';
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

/**
 * Under --known-at K, what the cut leaves out only for its report's publication date, said under the
 * answer: reports of unknown or open-ended date, then reports possibly but not certainly published
 * by K (a cut counts only the certain). Nothing without a --known-at.
 */
export function knownAtNotes(
  knownAt: string | null,
  id: string,
  unknown: UnknownPublication,
  possibly: PossiblyPublished,
): string[] {
  if (knownAt === null) return [];
  const note = (list: NoteList | null, say: (text: string) => string) =>
    list === null
      ? []
      : [
          '',
          ...wrap(
            `${say(list.text)} With no --known-at ${list.one ? 'it counts' : 'they count'} (kb mission ${id}).`,
            100,
          ),
        ];
  return [
    ...note(
      unknownPublicationList(unknown),
      (text) =>
        `Not counted under --known-at ${knownAt}: ${text}, whose report's publication date is unknown or open-ended, so never certainly published by a day.`,
    ),
    ...note(
      possiblyPublishedList(possibly),
      (text) =>
        `Possibly published by ${knownAt} but not counted: ${text}, as --known-at counts only reports certainly published by then.`,
    ),
  ];
}
