import type { PossiblyPublished, PossiblyPublishedEntry, UnknownPublication } from '@kb/projections';
import { formatVague } from '../render/dates.js';
import { clippedList } from '../render/text.js';

/** Ids listed in a note; --json lists them all. */
const IDS_SHOWN = 10;

/**
 * The accounts and retractions a report of unknown publication date keeps off the publication axis,
 * in words ("the account a, and the retraction of b"), with whether they are one; null for none.
 * kb timeline says it under its publication table, kb mission under an answer cut by --known-at.
 */
export function unknownPublicationList(unknown: UnknownPublication): { text: string; one: boolean } | null {
  const parts: string[] = [];
  if (unknown.accounts.length > 0)
    parts.push(
      `the account${unknown.accounts.length === 1 ? '' : 's'} ${clippedList(unknown.accounts, IDS_SHOWN, '--json lists every one')}`,
    );
  if (unknown.retractions.length > 0)
    parts.push(
      `the retraction${unknown.retractions.length === 1 ? '' : 's'} of ${clippedList(unknown.retractions, IDS_SHOWN, '--json lists every one')}`,
    );
  if (parts.length === 0) return null;
  return { text: parts.join(', and '), one: unknown.accounts.length + unknown.retractions.length === 1 };
}

/**
 * The accounts and retractions a --known-at cut leaves out only because their report was possibly,
 * not certainly, published by then, in words with the report's date ("the account a (report
 * published 2023-03 [2023-03-01..2023-03-31]), and the retraction of b (published …)"), with whether
 * they are one; null for none. kb mission says it under an answer cut by --known-at.
 */
export function possiblyPublishedList(possibly: PossiblyPublished): { text: string; one: boolean } | null {
  const dated = (entries: readonly PossiblyPublishedEntry[], what: string) =>
    entries.map((e) => `${e.claimId} (${what} ${formatVague(e.published)})`);
  const parts: string[] = [];
  if (possibly.accounts.length > 0)
    parts.push(
      `the account${possibly.accounts.length === 1 ? '' : 's'} ${clippedList(dated(possibly.accounts, 'report published'), IDS_SHOWN, '--json lists every one')}`,
    );
  if (possibly.retractions.length > 0)
    parts.push(
      `the retraction${possibly.retractions.length === 1 ? '' : 's'} of ${clippedList(dated(possibly.retractions, 'retraction published'), IDS_SHOWN, '--json lists every one')}`,
    );
  if (parts.length === 0) return null;
  return { text: parts.join(', and '), one: possibly.accounts.length + possibly.retractions.length === 1 };
}
