import { UNKNOWN_CONTROLLER } from '@kb/domain';
import type { Account } from '@kb/projections';
import { clippedList } from '../render/text.js';

/**
 * The standing accounts naming each controller for the mission itself (an answer filed under
 * another mission names none here), as the contest rule reads them: an account conflicts with every
 * one naming another controller, so on a busy mission each lists thousands, all the same.
 */
export function accountsByController(accounts: readonly Account[]): Map<string, Set<string>> {
  const naming = new Map<string, Set<string>>();
  for (const a of accounts) {
    if (a.filedUnder !== null || a.controller === UNKNOWN_CONTROLLER) continue;
    const ids = naming.get(a.controller) ?? new Set<string>();
    ids.add(a.claimId);
    naming.set(a.controller, ids);
  }
  return naming;
}

/**
 * An account's `contradicts` as the text view says it: where it holds more than `max` accounts and
 * every standing one naming a controller, that group is said as such (`every standing account naming
 * republic (3519)`), and the rest listed, cut at `max`. A shorter list is listed as it is.
 */
export function contradictsText(
  ids: readonly string[],
  naming: ReadonlyMap<string, ReadonlySet<string>>,
  max: number,
  whole: string,
): string {
  const groups = new Map<string, number>();
  for (const [controller, of] of naming) {
    let found = 0;
    for (const id of ids) if (of.has(id)) found++;
    if (found > max && found === of.size) groups.set(controller, found);
  }
  if (groups.size === 0) return clippedList(ids, max, whole);
  const said = [...groups].map(([controller, n]) => `every standing account naming ${controller} (${n})`);
  const grouped = (id: string) => [...groups.keys()].some((c) => naming.get(c)!.has(id));
  const rest = ids.filter((id) => !grouped(id));
  return [...said, ...(rest.length > 0 ? [clippedList(rest, max, whole)] : [])].join('; ');
}
