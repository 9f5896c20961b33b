import type { UnknownPublication } from '@kb/projections';
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
