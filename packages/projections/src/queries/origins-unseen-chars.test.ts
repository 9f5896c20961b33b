import { describe, expect, it } from 'vitest';
import { MISSION, smallWorldView, talibanControlBy } from '../testing/small-world.js';
import { missionControl } from './mission-control.js';
import { originOf } from './origin.js';

// A claimant stored by an earlier version with a character no reader sees inside the name (ingest
// now refuses it) is the origin the name it looks like is: the characters are dropped when origins
// are folded, not read as word breaks. A tab or line break still parts words, and a Persian joiner
// between letters reads as the name written apart or together (origins-spacing.test.ts).

const origin = (asWritten: string) => originOf({ asWritten, actorId: null }, []);

describe('an origin folded from a name holding characters no reader sees', () => {
  it('is the origin of the name it looks like', () => {
    const plain = origin('Zabihullah Mujahid');
    expect(plain).toBe('name:zabihullah mujahid');
    for (const name of [
      'Zabihullah Mu\u200bjahid',
      '\ufeffZabihullah Mujahid',
      'Zabi\u00adhullah Mujahid',
      'Zabihullah Muja\u2060hid',
      'Zabihullah \u202eMujahid\u202c',
      'Zabihullah Muja\u0000hid',
      'Zabihullah\tMujahid',
      'Zabihullah\r\nMujahid',
    ])
      expect(origin(name), JSON.stringify(name)).toBe(plain);
    expect(
      originOf({ asWritten: 'Tolo News', actorId: null }, [
        { name: 'Zabihullah Mu\u200cjahid', relation: 'quotes' },
      ]),
    ).toBe(plain);
  });

  it('reads a joiner between letters of a script that uses them as the name written apart or together', () => {
    // A word break in the search key; origins-spacing.test.ts: such names are blind to spacing.
    expect(origin('ذبیح‌الله مجاهد')).toBe(origin('ذبیح الله مجاهد'));
    expect(origin('ذبیح‌الله مجاهد')).toBe('name:ذبیحاللهمجاهد');
  });

  it('counts one independent origin for two accounts that differ only by such a character', () => {
    const control = missionControl(
      smallWorldView(
        talibanControlBy('plain', 'Zabihullah Mujahid'),
        talibanControlBy('spaced', 'Zabihullah Mu\u200bjahid'),
      ),
      MISSION,
    );
    expect(control).toMatchObject({ status: 'undisputed', controller: 'taliban', independentOrigins: 1 });
  });
});
