import type { MissionControl } from '@kb/projections';

// How many accounts stand and how many independent origins are behind the status, as kb mission's
// head says it (docs/contested-control.md, section 4).

type Counted = Pick<
  MissionControl,
  'accounts' | 'controller' | 'controllerOrigins' | 'independentOrigins' | 'originsByController'
>;

/**
 * `Standing accounts: 3; independent origins: 3 (taliban: 2, naming no controller: 1)`. Beside an
 * undisputed status the origins are those behind its controller, and accounts naming no controller
 * are counted apart: `independent origins behind taliban: 1; 1 more account, from 1 origin, names no
 * controller`. Superseded accounts stand but no longer count, so when some are, the line says how
 * many, and that the origins are those of the active accounts: `Standing accounts: 4 (3 superseded);
 * independent origins behind the 1 active: 1`.
 */
export function standingCounts(control: Counted): string {
  const superseded = control.accounts.filter((a) => a.superseded).length;
  const active = control.accounts.length - superseded;
  const standing = `Standing accounts: ${control.accounts.length}${superseded === 0 ? '' : ` (${superseded} superseded)`}`;
  const ofActive = superseded === 0 ? '' : ` of the ${active} active`;
  if (control.controller !== null && control.controllerOrigins !== null) {
    const rest = control.originsByController
      .filter((g) => g.controller !== control.controller)
      .map(
        (g) =>
          `; ${plural(g.accounts, 'more account')}, from ${plural(g.origins, 'origin')}, ${
            g.accounts === 1 ? 'names' : 'name'
          } ${controllerLabel(g.controller)}`,
      )
      .join('');
    return `${standing}; independent origins${ofActive} behind ${controllerLabel(control.controller)}: ${control.controllerOrigins}${rest}`;
  }
  const groups =
    control.originsByController.length > 1
      ? ` (${control.originsByController.map((g) => `${groupLabel(g.controller)}: ${g.origins}`).join(', ')})`
      : '';
  const behind = superseded === 0 ? '' : ` behind the ${active} active`;
  return `${standing}; independent origins${behind}: ${control.independentOrigins}${groups}`;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
const controllerLabel = (controller: string) =>
  controller === 'unknown' ? 'no controller' : controller === 'none' ? 'none (closed)' : controller;
const groupLabel = (controller: string) =>
  controller === 'unknown' ? 'naming no controller' : controllerLabel(controller);
