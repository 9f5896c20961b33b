import { describe, expect, it } from 'vitest';
import { ActorRegistry } from './actors.js';
import { fold } from './fold.js';
import { missionIdOf, resolveMission } from './missions.js';
import { likelyPlace, resolveCity, resolveCountry } from './places.js';

describe('missions', () => {
  it('gives Khorog, Khorugh, Khorogh and KHORÓG one id', () => {
    const ids = ['Khorog', 'Khorugh', 'Khorogh', 'KHORÓG', ' khorog '].map((city) =>
      missionIdOf({ country: 'Tajikistan', city, kind: 'consulate' }),
    );
    expect(new Set(ids)).toEqual(new Set(['tj-khorog-consulate']));
  });

  it('folds the transliterations of the corpus', () => {
    expect(resolveCity('Termiz').slug).toBe('termez');
    expect(resolveCity('Ashkhabad').name).toBe('Ashgabat');
    expect(resolveCity('Aşgabat').slug).toBe('ashgabat');
    expect(resolveCity('İstanbul').slug).toBe('istanbul');
    expect(resolveCountry('Türkiye')).toMatchObject({ name: 'Turkey', code: 'tr' });
    expect(resolveCountry('UAE').code).toBe('ae');
  });

  it('falls back to the slug of an unlisted country and city', () => {
    expect(missionIdOf({ country: 'Republic of Narnia', city: 'Cair Paravel', kind: 'embassy' })).toBe(
      'republic-of-narnia-cair-paravel-embassy',
    );
  });

  it('registers a place with its display names and the other spellings as aliases', () => {
    const resolved = resolveMission({ country: 'tajikistan', city: 'Khorugh', kind: 'consulate' });
    expect(resolved.registration).toMatchObject({
      missionId: 'tj-khorog-consulate',
      name: 'Consulate in Khorog',
      country: 'Tajikistan',
      city: 'Khorog',
    });
    expect(resolved.registration?.aliases).toContain('Khorugh');
  });

  it('lists a spelling the table knows once among the aliases, however it is written', () => {
    for (const city of ['Khorugh', 'KHORUGH', ' Xorugh ', 'Khorog', 'Khoróg']) {
      const aliases = resolveMission({ country: 'Tajikistan', city, kind: 'consulate' }).registration
        ?.aliases;
      expect(aliases, city).toEqual(['Khorugh', 'Khorogh', 'Xorugh', 'Horog']);
    }
    // A city the table does not know has no other spelling: its own makes the id.
    expect(
      resolveMission({ country: 'Tajikistan', city: 'Rushan', kind: 'consulate' }).registration?.aliases,
    ).toEqual([]);
  });

  it('folds apostrophes away, so an Uzbek name meets its spelling without one', () => {
    expect(fold("O'zbekiston")).toBe('ozbekiston');
    expect(fold('Oʻzbekiston')).toBe('ozbekiston');
    expect(resolveCountry('Ozbekiston')).toMatchObject({ name: 'Uzbekistan', code: 'uz', known: true });
  });

  it('finds a country one slip away among the countries', () => {
    expect(likelyPlace('country', 'Tadjikistan')).toBe('Tajikistan');
    expect(likelyPlace('country', 'Uzbekstan')).toBe('Uzbekistan');
  });

  it('expands ids in the <code>-<city>-<kind> shape, through the city aliases', () => {
    expect(resolveMission('tj-khorugh-consulate').missionId).toBe('tj-khorog-consulate');
    expect(resolveMission('uz-termiz-consulate').registration).toMatchObject({
      city: 'Termez',
      country: 'Uzbekistan',
    });
    expect(resolveMission('ae-abu-dhabi-consulate-general').registration).toMatchObject({
      city: 'Abu Dhabi',
      kind: 'consulate-general',
    });
  });

  it('takes other ids as references to missions registered before', () => {
    expect(resolveMission('my-own-mission')).toEqual({ missionId: 'my-own-mission', registration: null });
    // A country code and a kind with no city between them is no place to expand.
    expect(resolveMission('tj--consulate').registration).toBeNull();
    expect(resolveMission('tj-consulate').registration).toBeNull();
  });
});

describe('actors', () => {
  const registry = new ActorRegistry();

  it('resolves the built-in aliases, whatever the case and punctuation', () => {
    expect(registry.resolveController('Islamic Emirate of Afghanistan')).toBe('taliban');
    expect(registry.resolveController('IEA')).toBe('taliban');
    expect(registry.resolveController('former Republic')).toBe('republic');
    expect(registry.resolveController('Host Government')).toBe('host-government');
    expect(registry.resolveController('NONE')).toBe('none');
    expect(registry.resolveController('unknown')).toBe('unknown');
    expect(registry.resolveController('Northern Alliance')).toBeNull();
  });

  it('resolves a spokesman to the actor he speaks for, but not a named person', () => {
    expect(registry.resolveClaimant('Taliban Foreign Ministry spokesman')?.actorId).toBe('taliban');
    expect(registry.resolveClaimant('Taliban spokesman')?.actorId).toBe('taliban');
    expect(registry.resolveClaimant('IEA officials')?.actorId).toBe('taliban');
    expect(registry.resolveClaimant('Amir Khan Muttaqi')).toBeNull();
    expect(registry.resolveClaimant('Afghan diplomatic source in Tajikistan')).toBeNull();
  });

  it('learns actors and aliases registered later, without letting them take over an alias', () => {
    const local = new ActorRegistry();
    local.add({
      actorId: 'nrf',
      name: 'National Resistance Front',
      kind: 'faction',
      aliases: ['NRF', 'IEA'],
      builtIn: false,
    });
    local.addAlias('nrf', 'Massoud loyalists');
    expect(local.resolveController('NRF')).toBe('nrf');
    expect(local.resolveController('massoud loyalists')).toBe('nrf');
    expect(local.resolveController('IEA')).toBe('taliban');
  });
});
