interface Bounded {
  readonly text: string;
  readonly earliest: string | null;
  readonly latest: string | null;
}

/**
 * A vague date as written, with its bounds when they say more than the text does. A day written as
 * itself, or as an interval from that day to that day, needs none; an uncertain day (`2023-03-23?`)
 * keeps them, which say that it counts as that day, not widened as an approximate one is.
 * @example formatVague({text: '2023-03', earliest: '2023-03-01', latest: '2023-03-31'}) // '2023-03 [2023-03-01..2023-03-31]'
 */
export function formatVague(date: Bounded): string {
  const { earliest, text } = date;
  if (
    earliest !== null &&
    earliest === date.latest &&
    (text === earliest || text === `${earliest}/${earliest}`)
  )
    return text;
  if (date.earliest === null && date.latest === null) return date.text;
  return `${date.text} [${date.earliest ?? '…'}..${date.latest ?? '…'}]`;
}
