interface Bounded {
  readonly text: string;
  readonly earliest: string | null;
  readonly latest: string | null;
}

/**
 * A vague date as written, with its bounds when they say more than the text does.
 * @example formatVague({text: '2023-03', earliest: '2023-03-01', latest: '2023-03-31'}) // '2023-03 [2023-03-01..2023-03-31]'
 */
export function formatVague(date: Bounded): string {
  if (date.earliest !== null && date.earliest === date.latest && date.earliest === date.text)
    return date.text;
  if (date.earliest === null && date.latest === null) return date.text;
  return `${date.text} [${date.earliest ?? '…'}..${date.latest ?? '…'}]`;
}
