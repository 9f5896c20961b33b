// Dates as a run reads them, each text read once: the lines of one input repeat the same few dates
// (a report's publication date on each of its claims), and reading one costs a few microseconds.
import { type ParseVagueDateOptions, parseVagueDate, type VagueDateResult } from '@kb/domain';

/** Readings kept; past it, all are dropped and read again. */
const KEPT = 10_000;
const kept = new Map<string, VagueDateResult>();

/**
 * parseVagueDate's answer, frozen, shared by every line that reads the same text with the same
 * options (a claim's date is read against its report's publication date, its anchor).
 */
export function readVagueDate(text: string, options: ParseVagueDateOptions = {}): VagueDateResult {
  const key = `${options.publication === true ? 'p' : 'a'}${JSON.stringify(options.anchor ?? null)}\u0000${text}`;
  let result = kept.get(key);
  if (result === undefined) {
    result = parseVagueDate(text, options);
    if (result.ok) Object.freeze(result.value);
    Object.freeze(result);
    if (kept.size >= KEPT) kept.clear();
    kept.set(key, result);
  }
  return result;
}
