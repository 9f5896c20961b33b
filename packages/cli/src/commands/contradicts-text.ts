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
  if (ids.length <= max) return clippedList(ids, max, whole);
  const listed = new Set(ids);
  const groups: [string, ReadonlySet<string>][] = [];
  for (const [controller, of] of naming) {
    if (of.size <= max || of.size > listed.size) continue;
    let all = true;
    for (const id of of) if (!listed.has(id)) all = false;
    if (all) groups.push([controller, of]);
  }
  if (groups.length === 0) return clippedList(ids, max, whole);
  const said = groups.map(([controller, of]) => `every standing account naming ${controller} (${of.size})`);
  const rest = ids.filter((id) => !groups.some(([, of]) => of.has(id)));
  return [...said, ...(rest.length > 0 ? [clippedList(rest, max, whole)] : [])].join('; ');
}

/**
 * contradictsText for every account of one answer, each list said once: the rule hands every account
 * naming one controller the same list (shared, not copied), thousands of times on a busy mission.
 */
export function contradictionTexts(
  naming: ReadonlyMap<string, ReadonlySet<string>>,
  max: number,
  whole: string,
): (ids: readonly string[]) => string {
  const said = new WeakMap<readonly string[], string>();
  return (ids) => {
    let text = said.get(ids);
    if (text === undefined) {
      text = contradictsText(ids, naming, max, whole);
      said.set(ids, text);
    }
    return text;
  };
}
