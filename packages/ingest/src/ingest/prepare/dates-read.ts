// Dates as a run reads them, each text read once: the lines of one input repeat the same few dates
// (a report's publication date on each of its claims), and reading one costs a few microseconds.
import { BoundedMemo, type ParseVagueDateOptions, parseVagueDate, type VagueDateResult } from '@kb/domain';

const readings = new BoundedMemo<VagueDateResult>(10_000);

/**
 * parseVagueDate's answer, frozen, shared by every line that reads the same text with the same
 * options (a claim's date is read against its report's publication date, its anchor).
 */
export function readVagueDate(text: string, options: ParseVagueDateOptions = {}): VagueDateResult {
  const key = `${options.publication === true ? 'p' : 'a'}${JSON.stringify(options.anchor ?? null)}\u0000${text}`;
  return readings.get(key, () => {
    const result = parseVagueDate(text, options);
    if (result.ok) Object.freeze(result.value);
    return Object.freeze(result);
  });
}
