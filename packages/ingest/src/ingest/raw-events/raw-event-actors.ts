import {
  type ActorRegisteredV1,
  actorStream,
  type ClaimCorrectedV2,
  type ClaimRecordedV2,
  closestName,
  type DomainEvent,
  NO_CONTROLLER,
  UNKNOWN_CONTROLLER,
} from '@kb/domain';
import type { KnownActor } from '../../gazetteer/actors.js';
import type { Planner } from '../prepare/planning.js';
import { planActor } from '../prepare/resolve-names.js';

// The actors a raw event names or registers, held to the rules a claim record's are. A claim record
// writes a controller or claimant as a name, which ingest resolves to a known actor or refuses; a raw
// event writes the id itself, so nothing resolves it: an id nobody registered (a slip, `talibn`)
// would count as one more controller and make the mission contested. And the registry's names are
// what every record resolves against: a built-in actor registered under another name, or an alias
// already another actor's, would rename an actor or take a name from one.

/** The actor ids of a claim's controller and claimant, by their paths under event.data. */
function actorIdsOf(event: DomainEvent): { path: string; id: string; controller: boolean }[] {
  const of = (
    fields: {
      readonly controller?: string | undefined;
      readonly claimant?: ClaimRecordedV2['claimant'] | undefined;
    },
    prefix: string,
  ): { path: string; id: string; controller: boolean }[] => [
    ...(fields.controller === undefined
      ? []
      : [{ path: `${prefix}controller`, id: fields.controller, controller: true }]),
    ...(fields.claimant?.actorId == null
      ? []
      : [{ path: `${prefix}claimant.actorId`, id: fields.claimant.actorId, controller: false }]),
  ];
  if (event.type === 'ClaimRecorded') return of(event.data, '');
  if (event.type === 'ClaimCorrected') return of((event.data as ClaimCorrectedV2).changes, 'changes.');
  return [];
}

/**
 * Records an issue on `plan` for each actor of `event` that breaks the registry's rules: a
 * controller or claimant actor id that is not a known actor (built in, stored, or registered earlier
 * in the input), a built-in actor registered under another name or kind, and a name or alias that
 * already names another actor. A notice, not an issue, for an actor registered again otherwise than
 * it stands: stored, it changes nothing (the first registration stands), as a mission's other name
 * in a claim record changes nothing.
 */
export async function checkActors(plan: Planner, event: DomainEvent): Promise<void> {
  for (const { path, id, controller } of actorIdsOf(event)) {
    if (controller && (id === NO_CONTROLLER || id === UNKNOWN_CONTROLLER)) continue;
    await checkActorId(plan, `event.data.${path}`, id, controller);
  }
  if (event.type === 'ActorRegistered') await checkRegistration(plan, event.data);
  if (event.type === 'AliasAdded' && event.data.subject === 'actor') {
    await checkName(plan, 'event.data.alias', event.data.alias, event.data.id);
  }
}

async function checkActorId(plan: Planner, path: string, id: string, controller: boolean): Promise<void> {
  const registry = plan.ctx.registry;
  if (registry.get(id)?.builtIn) {
    await planActor(plan, id);
    return;
  }
  if (await plan.ctx.streamExists(actorStream(id))) return;
  await plan.ctx.loadStoredActors();
  // An alias or name written where the id goes: say whose it is.
  const named = registry.lookup(id);
  if (named !== null) {
    plan.issue(
      path,
      `"${id}" is not an actor id but a name of actor "${named.actorId}": write its id, "${named.actorId}"`,
    );
    return;
  }
  const what = controller ? 'controller' : 'claimant';
  plan.issue(
    path,
    `no actor "${id}" is stored, built in or registered earlier in this input${closestHint(id, registry.ids(), controller)}; ${
      controller
        ? 'a controller is an actor id, "none" or "unknown"'
        : "a claimant's actorId is an actor id or null"
    }, and an unknown id would count as one more ${what}: register the actor first with an ActorRegistered event`,
  );
}

function closestHint(id: string, ids: readonly string[], controller: boolean): string {
  const meant = closestName(id, controller ? [...ids, NO_CONTROLLER, UNKNOWN_CONTROLLER] : ids);
  return meant === null ? '' : `; did you mean "${meant}"?`;
}

async function checkRegistration(plan: Planner, actor: ActorRegisteredV1): Promise<void> {
  await plan.ctx.loadStoredActors();
  const known = plan.ctx.registry.get(actor.actorId);
  if (known?.builtIn) {
    if (actor.name !== known.name)
      plan.issue(
        'event.data.name',
        `"${actor.actorId}" is a built-in actor, named "${known.name}": it cannot be registered under another name ("${actor.name}"); to give it another name, send an AliasAdded event`,
      );
    if (actor.kind !== known.kind)
      plan.issue(
        'event.data.kind',
        `"${actor.actorId}" is a built-in actor, a ${known.kind}: it cannot be registered as a ${actor.kind}`,
      );
  }
  await checkName(plan, 'event.data.name', actor.name, actor.actorId);
  for (const [i, alias] of actor.aliases.entries()) {
    await checkName(plan, `event.data.aliases.${i}`, alias, actor.actorId);
  }
  if (known !== null && !known.builtIn && plan.issues.length === 0 && !sameRegistration(known, actor)) {
    plan.notice(
      'event.data',
      `actor "${actor.actorId}" stays as first registered: name "${known.name}", ${known.kind}, aliases ${JSON.stringify(known.aliases)}; this registration is stored but changes nothing (add a name with an AliasAdded event)`,
    );
  }
}

function sameRegistration(known: KnownActor, actor: ActorRegisteredV1): boolean {
  return (
    known.name === actor.name &&
    known.kind === actor.kind &&
    known.aliases.length === actor.aliases.length &&
    known.aliases.every((alias, i) => alias === actor.aliases[i])
  );
}

/** An issue when `name`, given to actor `actorId`, already names another actor (as the registry folds names). */
async function checkName(plan: Planner, path: string, name: string, actorId: string): Promise<void> {
  await plan.ctx.loadStoredActors();
  const owner = plan.ctx.registry.lookup(name);
  if (owner === null || owner.actorId === actorId) return;
  plan.issue(
    path,
    `"${name}" already names actor "${owner.actorId}" ("${owner.name}"): a name or alias stands for one actor, and records naming it resolve to "${owner.actorId}"`,
  );
}
