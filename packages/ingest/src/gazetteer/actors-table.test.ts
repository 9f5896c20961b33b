import { describe, expect, it } from 'vitest';
import { ActorRegistry, BUILT_IN_ACTORS } from './actors.js';

// docs/claim-records.md, "Actors": the built-in actors, each alias in its table, and the role words
// a claimant may end in. gazetteer.test.ts tries a few of them; here each one the page names is
// read, as a user writing any of them in `controller` or `claimant` relies on it.
const TABLE: Record<string, { name: string; aliases: string[] }> = {
  taliban: {
    name: 'Taliban',
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
  republic: {
    name: 'Islamic Republic of Afghanistan (former)',
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
  'host-government': {
    name: 'Host government',
    aliases: ['host country', 'host state', 'host country government'],
  },
};

const ROLE_WORDS = [
  'spokesman',
  'spokeswoman',
  'spokesperson',
  'spokespeople',
  'official',
  'officials',
  'delegation',
  'representative',
  'representatives',
  'statement',
];

describe('the built-in actors', () => {
  it('are the three of the table, under their names', () => {
    expect(BUILT_IN_ACTORS.map((a) => [a.actorId, a.name])).toEqual(
      Object.entries(TABLE).map(([id, { name }]) => [id, name]),
    );
  });

  it('take each alias of the table as a controller, whatever its case', () => {
    const registry = new ActorRegistry();
    for (const [id, { name, aliases }] of Object.entries(TABLE)) {
      for (const written of [id, name, ...aliases, ...aliases.map((a) => a.toUpperCase())]) {
        expect(registry.resolveController(written), written).toBe(id);
      }
    }
  });
});

describe('a claimant ending in role words', () => {
  it('resolves to the actor named before each role word the page lists', () => {
    const registry = new ActorRegistry();
    for (const word of ROLE_WORDS) {
      expect(registry.resolveClaimant(`Taliban ${word}`)?.actorId, word).toBe('taliban');
      expect(registry.resolveClaimant(`Host country ${word}`)?.actorId, word).toBe('host-government');
    }
    // Several role words in a row are all peeled off.
    expect(registry.resolveClaimant('Republic delegation spokesperson')?.actorId).toBe('republic');
  });

  it('stays unresolved for a word the list does not hold, or a role word alone', () => {
    const registry = new ActorRegistry();
    expect(registry.resolveClaimant('Taliban supporters')).toBeNull();
    expect(registry.resolveClaimant('spokesman')).toBeNull();
  });
});
