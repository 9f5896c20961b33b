import type { ActorKind, ActorRegisteredV1 } from '@kb/domain';
import { NO_CONTROLLER, UNKNOWN_CONTROLLER } from '@kb/domain';
import { fold } from './fold.js';

/** An actor the registry knows: built in, or registered in the store by an ActorRegistered event. */
export interface KnownActor {
  readonly actorId: string;
  readonly name: string;
  readonly kind: ActorKind;
  readonly aliases: readonly string[];
  readonly builtIn: boolean;
}

// The aliases are political choices, written down once: "Islamic Emirate" names the Taliban as a
// government; "Republic" names the diplomats appointed by the former Islamic Republic, who still
// hold some missions; "host government" is whichever state the mission sits in.
export const BUILT_IN_ACTORS: readonly KnownActor[] = [
  {
    actorId: 'taliban',
    name: 'Taliban',
    kind: 'government',
    builtIn: true,
    aliases: [
      'the Taliban',
      'Islamic Emirate of Afghanistan',
      'Islamic Emirate',
      'IEA',
      'Taliban government',
      'Taliban authorities',
      'Taliban administration',
      'Taliban Foreign Ministry',
      'Taliban Ministry of Foreign Affairs',
      'Taliban MoFA',
      'Taliban-appointed diplomats',
      'Taliban appointees',
    ],
  },
  {
    actorId: 'republic',
    name: 'Islamic Republic of Afghanistan (former)',
    kind: 'diplomatic-corps',
    builtIn: true,
    aliases: [
      'Republic',
      'Islamic Republic of Afghanistan',
      'former Republic',
      'the former Republic',
      'former Afghan Republic',
      'erstwhile republic',
      'Afghan Republic',
      'Republic diplomats',
      'Republic-era diplomats',
      'diplomats of the former Republic',
      'diplomats from the erstwhile republic',
    ],
  },
  {
    actorId: 'host-government',
    name: 'Host government',
    kind: 'government',
    builtIn: true,
    aliases: ['host country', 'host state', 'host country government'],
  },
];

// A claimant is often a role of an actor ("Taliban Foreign Ministry spokesman"); these trailing
// words are peeled off before looking the rest up. A named person stays unresolved on purpose.
const ROLE_WORDS = new Set([
  'spokesman',
  'spokeswoman',
  'spokesperson',
  'spokespeople',
  'official',
  'officials',
  'delegation',
  'statement',
  'representative',
  'representatives',
]);

/** Resolves actor names and aliases (case, accents and punctuation folded) to actor ids. */
export class ActorRegistry {
  readonly #byAlias = new Map<string, KnownActor>();
  readonly #byId = new Map<string, KnownActor>();

  constructor(actors: readonly KnownActor[] = BUILT_IN_ACTORS) {
    for (const actor of actors) this.add(actor);
  }

  /** Adds an actor (from an ActorRegistered event); a later actor does not take over an earlier alias. */
  add(actor: KnownActor): void {
    if (!this.#byId.has(actor.actorId)) this.#byId.set(actor.actorId, actor);
    for (const name of [actor.actorId, actor.name, ...actor.aliases]) this.addAlias(actor.actorId, name);
  }

  /** Adds one alias to a known actor (from an AliasAdded event). */
  addAlias(actorId: string, alias: string): void {
    const actor = this.#byId.get(actorId);
    const key = fold(alias);
    if (actor !== undefined && key !== '' && !this.#byAlias.has(key)) this.#byAlias.set(key, actor);
  }

  /** The actor a name or id stands for, or null. */
  lookup(name: string): KnownActor | null {
    return this.#byAlias.get(fold(name)) ?? null;
  }

  /** The actor behind a claimant as written: the name itself, or the name without a trailing role word. */
  resolveClaimant(asWritten: string): KnownActor | null {
    const direct = this.lookup(asWritten);
    if (direct !== null) return direct;
    const words = fold(asWritten).split('-');
    while (words.length > 1 && ROLE_WORDS.has(words[words.length - 1]!)) {
      words.pop();
      const found = this.#byAlias.get(words.join('-'));
      if (found !== undefined) return found;
    }
    return null;
  }

  /** A controller as written: an actor id, `none`, `unknown`, or null when nothing matches. */
  resolveController(written: string): string | null {
    const key = fold(written);
    if (key === NO_CONTROLLER || key === UNKNOWN_CONTROLLER) return key;
    return this.lookup(written)?.actorId ?? null;
  }

  /** Ids of every known actor, for messages. */
  ids(): string[] {
    return [...this.#byId.keys()];
  }

  get(actorId: string): KnownActor | null {
    return this.#byId.get(actorId) ?? null;
  }
}

/** The registration event data of a built-in actor. */
export function actorRegistration(actor: KnownActor): ActorRegisteredV1 {
  return {
    actorId: actor.actorId as ActorRegisteredV1['actorId'],
    name: actor.name,
    kind: actor.kind,
    aliases: [...actor.aliases],
  };
}
