import { UNKNOWN_CONTROLLER } from '@kb/domain';
import { compareNames } from './text-order.js';

/** The active accounts naming one controller ('unknown': naming none), and their distinct origins. */
export interface OriginsOfController {
  readonly controller: string;
  readonly accounts: number;
  readonly origins: number;
}

/** How many independent origins stand behind a status (docs/contested-control.md, section 4). */
export interface OriginCounts {
  /** Distinct origins behind every active account, whatever controller each names. */
  readonly independentOrigins: number;
  /**
   * When the status is undisputed, the distinct origins behind the active accounts that name its
   * controller: the number to read beside it. An account naming no controller supports nobody. Null
   * when the status is not undisputed.
   */
  readonly controllerOrigins: number | null;
  /**
   * The active accounts and their distinct origins per controller they name, controllers in order and
   * those naming none (`unknown`) last. One origin behind two controllers counts under each.
   */
  readonly originsByController: readonly OriginsOfController[];
}

/**
 * Counts the origins of the active accounts, each given with the controller it names and its origin.
 * @example originCounts([{controller: 'taliban', origin: 'a'}, {controller: 'unknown', origin: 'b'}], 'taliban').controllerOrigins // 1
 */
export function originCounts(
  active: Iterable<{ readonly controller: string; readonly origin: string }>,
  controller: string | null,
): OriginCounts {
  const all = new Set<string>();
  const by = new Map<string, { accounts: number; origins: Set<string> }>();
  for (const a of active) {
    all.add(a.origin);
    let group = by.get(a.controller);
    if (group === undefined) {
      group = { accounts: 0, origins: new Set() };
      by.set(a.controller, group);
    }
    group.accounts += 1;
    group.origins.add(a.origin);
  }
  const order = (x: string, y: string) =>
    Number(x === UNKNOWN_CONTROLLER) - Number(y === UNKNOWN_CONTROLLER) || compareNames(x, y);
  const originsByController = [...by.keys()].sort(order).map((c) => ({
    controller: c,
    accounts: by.get(c)!.accounts,
    origins: by.get(c)!.origins.size,
  }));
  return {
    independentOrigins: all.size,
    controllerOrigins: controller === null ? null : (by.get(controller)?.origins.size ?? 0),
    originsByController,
  };
}
