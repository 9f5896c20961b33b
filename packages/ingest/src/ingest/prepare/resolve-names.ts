import { actorStream, missionStream } from '@kb/domain';
import { actorRegistration } from '../../gazetteer/actors.js';
import {
  idSlips,
  likelyMissionId,
  type PlaceReading,
  readPlace,
  resolveMission,
} from '../../gazetteer/missions.js';
import type { MissionRef } from '../../records/claim-record.js';
import type { Planner } from './planning.js';

// The missions and actors a record names, resolved by the gazetteer into ids, with the registrations
// the store may lack.

export async function planMission(plan: Planner, ref: MissionRef, path: string): Promise<string | null> {
  const slips: PlaceReading['slips'] = [];
  if (typeof ref !== 'string') {
    const reading = readPlace(ref);
    for (const { field, message } of reading.problems) plan.issue(`${path}.${field}`, message);
    if (reading.problems.length > 0) return null;
    slips.push(...reading.slips);
  } else slips.push(...idSlips(ref));
  const resolved = resolveMission(ref);
  // Taken as written, a slip makes a mission of its own: said, with the place likely meant.
  for (const { field, written, likely } of slips)
    plan.notice(
      typeof ref === 'string' ? path : `${path}.${field}`,
      `"${written}" is not a ${field} the tables know, so it is taken as written and names the mission "${resolved.missionId}"; did you mean "${likely}"?`,
    );
  const stream = missionStream(resolved.missionId);
  if (resolved.missionId === '') {
    plan.issue(path, 'the mission id has no letters or digits');
    return null;
  }
  if (resolved.registration === null) {
    if (await plan.ctx.streamExists(stream)) return resolved.missionId;
    const likely = likelyMissionId(resolved.missionId);
    plan.issue(
      path,
      `unknown mission "${resolved.missionId}": write the mission as {country, city, kind} the first time, or use an id like "tj-khorog-consulate" (country code, city, kind)${likely === null ? '' : `; did you mean "${likely}"?`}`,
    );
    return null;
  }
  await plan.need(stream, 'MissionRegistered', resolved.registration, resolved.missionId);
  return resolved.missionId;
}

export async function resolveController(
  plan: Planner,
  written: string,
  path: string,
): Promise<string | null> {
  const ctx = plan.ctx;
  let id = ctx.registry.resolveController(written);
  if (id === null && (await ctx.loadStoredActors())) id = ctx.registry.resolveController(written);
  if (id === null) {
    plan.issue(
      path,
      `unknown controller "${written}": use an actor id or alias (${ctx.registry.ids().join(', ')}), "none" or "unknown"; register a new actor first with an event record {"type":"event","event":{"type":"ActorRegistered",...}}`,
    );
    return null;
  }
  await planActor(plan, id);
  return id;
}

export async function resolveClaimant(plan: Planner, written: string): Promise<string | null> {
  const ctx = plan.ctx;
  let actor = ctx.registry.resolveClaimant(written);
  if (actor === null && (await ctx.loadStoredActors())) actor = ctx.registry.resolveClaimant(written);
  if (actor === null) return null;
  await planActor(plan, actor.actorId);
  return actor.actorId;
}

// Built-in actors are registered the first time a record names them; others came in by event.
export async function planActor(plan: Planner, actorId: string): Promise<void> {
  const actor = plan.ctx.registry.get(actorId);
  if (actor === null || !actor.builtIn) return;
  await plan.need(actorStream(actorId), 'ActorRegistered', actorRegistration(actor), actorId);
}
