// One name written apart, with a joiner, or together is one origin in the scripts where all three
// spellings are in use (Persian, Pashto and Arabic compound names; Chinese, Japanese and Korean
// names): counted apart, one spokesman would stand as several independent origins behind a claim.
// In every other script a space still parts a name as written.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { foldKnowledge } from '../knowledge/knowledge-projection.js';
import { knowledgeView } from '../knowledge/knowledge-view.js';
import { searchKey } from '../knowledge/search-key.js';
import { recordAll } from '../testing/event-factory.js';
import { MISSION, smallWorld, smallWorldView, talibanControlBy } from '../testing/small-world.js';
import { missionControl } from './mission-control.js';
import { originNameKey, originOf } from './origin.js';
import { sourceLedger } from './source-ledger.js';

const origin = (asWritten: string) => originOf({ asWritten, actorId: null }, []);

// The Taliban's spokesman as Persian outlets write him: his given name apart, with its zero-width
// non-joiner, and closed up.
const SPOKESMAN = ['ذبیح الله مجاهد', 'ذبیح\u200cالله مجاهد', 'ذبیحالله مجاهد'];

describe('the origin of a name written apart, with a joiner, or together', () => {
  it('is one origin for the three spellings of a Persian name, claimed or quoted', () => {
    const keys = SPOKESMAN.map(origin);
    expect(new Set(keys)).toEqual(new Set(['name:ذبیحاللهمجاهد']));
    const quoted = originOf({ asWritten: 'Tolo News', actorId: null }, [
      { name: SPOKESMAN[1]!, relation: 'quotes' },
    ]);
    expect(quoted).toBe(keys[0]);
    expect(origin('عبد الله')).toBe(origin('عبدالله'));
  });

  it('is one origin for a Chinese, Japanese or Korean name with or without its space', () => {
    expect(origin('岸田 文雄')).toBe(origin('岸田文雄'));
    expect(origin('习 近平')).toBe(origin('习近平'));
    expect(origin('문 재인')).toBe(origin('문재인'));
    expect(origin('タリバン 報道官')).toBe(origin('タリバン報道官'));
  });

  it('keeps a space that parts a Latin or Cyrillic name, and one where the script changes', () => {
    expect(origin('Abdul Haq')).toBe('name:abdul haq');
    expect(origin('Abdul Haq')).not.toBe(origin('Abdulhaq'));
    expect(origin('Ахмад Шах')).not.toBe(origin('Ахмадшах'));
    expect(origin('ذبیح الله Mujahid')).toBe('name:ذبیحالله mujahid');
    expect(origin('Mujahid 岸田')).toBe('name:mujahid 岸田');
    // Digits are no letters: a space beside one stays.
    expect(origin('ذبیح ۲')).toBe('name:ذبیح ۲');
  });

  it('folds a name of any other script exactly as the search key does', () => {
    const letter = fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzÀÉÖçßАБВгдеΩλאב0123456789');
    const name = fc
      .array(fc.oneof(letter, fc.constantFrom(' ', '  ', '-', '.', '\t')), { maxLength: 30 })
      .map((parts) => parts.join(''));
    fc.assert(
      fc.property(name, (text) => {
        expect(originNameKey(text)).toBe(searchKey(text));
      }),
      { numRuns: 2000 },
    );
  });

  it('counts one independent origin behind the controller for the three spellings', () => {
    const control = missionControl(
      smallWorldView(...SPOKESMAN.map((claimant, i) => talibanControlBy(`said-${i}`, claimant))),
      MISSION,
    );
    expect(control).toMatchObject({ status: 'undisputed', controller: 'taliban', independentOrigins: 1 });
    expect(control.controllerOrigins).toBe(1);
    expect(control.originsByController).toEqual([{ controller: 'taliban', accounts: 3, origins: 1 }]);
  });

  it('lists the three spellings as one claimant row of the source ledger, each name as written', () => {
    const ledger = sourceLedger(
      knowledgeView(
        foldKnowledge(
          recordAll([
            ...smallWorld(),
            talibanControlBy('said-0', SPOKESMAN[0]!),
            talibanControlBy('said-1', SPOKESMAN[1]!),
            talibanControlBy('relayed', 'Tolo News', [{ name: SPOKESMAN[2]!, relation: 'quotes' }]),
          ]),
        ),
      ),
    );
    expect(ledger.claimants).toEqual([
      expect.objectContaining({
        origin: 'name:ذبیحاللهمجاهد',
        names: [...SPOKESMAN].sort(),
        claims: ['relayed', 'said-0', 'said-1'].sort(),
        via: ['Tolo News'],
      }),
    ]);
  });
});
