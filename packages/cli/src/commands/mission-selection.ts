// `kb mission MISSION --controller NAME --limit N`: which of a mission's accounts the answer lists.
// A contested mission can stand on thousands of accounts; an analyst reading it wants those naming
// one controller, or the first few. The status, the counts and each account's contradictions stay
// those of the whole mission: only the list is narrowed, and the answer says how.
import { closestName, NO_CONTROLLER, UNKNOWN_CONTROLLER } from '@kb/domain';
import { ActorRegistry, BUILT_IN_ACTORS } from '@kb/ingest';
import type { Account, KnowledgeView, MissionControl } from '@kb/projections';
import type { MissionSelection } from '../args/parse-args.js';
import { CliError } from '../context/open-context.js';

/** An account as listed, with its number in the whole list (standing first, then retracted). */
export interface Listed {
  readonly account: Account;
  readonly n: number;
}

/** What the list holds, and what `--json` says of it under `shown`. */
export interface Selected {
  readonly accounts: readonly Listed[];
  readonly retracted: readonly Listed[];
  /** Null when nothing was asked: every account is listed. */
  readonly shown: Shown | null;
}

export interface Shown {
  /** The controller id the name given resolved to, or null. */
  readonly controller: string | null;
  readonly limit: number | null;
  /** Accounts listed, standing and retracted. */
  readonly accounts: number;
  readonly retractedAccounts: number;
  /** Accounts the controller leaves in, before the limit cuts them (all when no controller is given). */
  readonly matching: number;
  /** Accounts of the whole mission, standing and retracted. */
  readonly of: number;
}

/** The accounts `selection` keeps, numbered as in the whole list. */
export function selectAccounts(
  view: KnowledgeView,
  control: MissionControl,
  selection: MissionSelection,
): Selected {
  const every = everyAccount(control);
  if (selection.controller === null && selection.limit === null) return every;
  const { accounts: standing, retracted } = every;
  const controller = selection.controller === null ? null : controllerOf(view, control, selection.controller);
  const naming = (l: Listed) => controller === null || l.account.controller === controller;
  const matchingStanding = standing.filter(naming);
  const matchingRetracted = retracted.filter(naming);
  const matching = matchingStanding.length + matchingRetracted.length;
  const limit = selection.limit ?? matching;
  const accounts = matchingStanding.slice(0, limit);
  const retractedShown = matchingRetracted.slice(0, Math.max(0, limit - accounts.length));
  return {
    accounts,
    retracted: retractedShown,
    shown: {
      controller,
      limit: selection.limit,
      accounts: accounts.length,
      retractedAccounts: retractedShown.length,
      matching,
      of: standing.length + retracted.length,
    },
  };
}

/** Every account, numbered in order: the list as it is without --controller or --limit. */
export function everyAccount(control: Pick<MissionControl, 'accounts' | 'retractedAccounts'>): Selected {
  const listed = (accounts: readonly Account[], from: number): Listed[] =>
    accounts.map((account, i) => ({ account, n: from + i + 1 }));
  return {
    accounts: listed(control.accounts, 0),
    retracted: listed(control.retractedAccounts, control.accounts.length),
    shown: null,
  };
}

/**
 * The controller id a name stands for: an actor id, name or alias (built in, or registered in the
 * store), `none` or `unknown`, in any case, and the text view's own labels for those two (`none
 * (closed)`, `no controller`). Any other name is refused, with the one it most likely meant and
 * the controllers this mission's accounts name.
 */
export function controllerOf(view: KnowledgeView, control: MissionControl, written: string): string {
  const registry = new ActorRegistry(BUILT_IN_ACTORS);
  for (const actor of view.listActors()) {
    if (registry.get(actor.id) === null)
      registry.add({
        actorId: actor.id,
        name: actor.name,
        kind: actor.kind,
        aliases: actor.aliases.map((a) => a.alias),
        builtIn: false,
      });
    // A built-in actor's aliases added in the store count too.
    else for (const { alias } of actor.aliases) registry.addAlias(actor.id, alias);
  }
  const folded = written.trim().toLowerCase().replace(/\s+/g, ' ');
  // The labels the text view itself writes for these two.
  if (folded === 'no controller') return UNKNOWN_CONTROLLER;
  if (folded === 'none (closed)') return NO_CONTROLLER;
  const found = registry.resolveController(written);
  if (found !== null) return found;
  const named = namedControllers(control);
  const names = [...named.keys(), NO_CONTROLLER, UNKNOWN_CONTROLLER, ...registry.ids()];
  const meant = closestName(written.trim(), new Set(names));
  throw new CliError(
    `--controller "${written}" names no controller kb knows (an actor's id, name or alias, none or unknown)${meant === null ? '.' : `; did you mean ${meant}?`} The accounts of ${control.mission.id} name ${namedList(named)}`,
  );
}

/** Each controller the mission's accounts name, with how many name it, most first. */
function namedControllers(control: MissionControl): Map<string, number> {
  const counts = new Map<string, number>();
  for (const a of [...control.accounts, ...control.retractedAccounts])
    counts.set(a.controller, (counts.get(a.controller) ?? 0) + 1);
  return new Map([...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)));
}

function namedList(named: ReadonlyMap<string, number>): string {
  if (named.size === 0) return 'no controller at all (it has no accounts)';
  return [...named].map(([id, count]) => `${id} (${count})`).join(', ');
}

/**
 * The line under the counts saying what the list holds, or null when it holds every account:
 * `Listed: the 3 accounts naming republic, of 958 (--controller republic); numbered as in the whole list`.
 */
export function shownLine(shown: Shown | null, typed: MissionSelection): string | null {
  if (shown === null) return null;
  const listed = shown.accounts + shown.retractedAccounts;
  const naming = shown.controller === null ? '' : ` naming ${controllerLabel(shown.controller)}`;
  const options = [
    typed.controller === null ? '' : `--controller ${quoted(typed.controller)}`,
    typed.limit === null ? '' : `--limit ${typed.limit}`,
  ]
    .filter(Boolean)
    .join(' ');
  if (shown.matching === 0 && shown.controller === null) return null;
  if (shown.matching === 0)
    return `Listed: none; no account of the ${shown.of} names ${controllerLabel(shown.controller!)} (${options})`;
  const cut = listed < shown.matching;
  const what = cut
    ? `the first${listed === 1 ? '' : ` ${listed}`} of the ${shown.matching} accounts${naming}`
    : `the ${plural(listed, 'account')}${naming}`;
  const whole = shown.controller === null ? '' : `, of ${shown.of}`;
  return `Listed: ${what}${whole} (${options}); numbered as in the whole list`;
}

/** The line closing a list the limit cut, or null: how many more, and how to list them. */
export function moreLine(shown: Shown | null): string | null {
  if (shown === null) return null;
  const listed = shown.accounts + shown.retractedAccounts;
  const left = shown.matching - listed;
  if (left <= 0) return null;
  return `… and ${plural(left, 'more account')}${shown.controller === null ? '' : ` naming ${controllerLabel(shown.controller)}`} not listed (--limit ${shown.matching} lists them all)`;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
const controllerLabel = (id: string) =>
  id === UNKNOWN_CONTROLLER ? 'no controller' : id === NO_CONTROLLER ? 'none (closed)' : id;
const quoted = (text: string) => (/^[\w-]+$/.test(text) ? text : JSON.stringify(text));
