// An OSC (ESC ] …) left in a stored name without its terminator ends where a terminal ends it: at a
// CAN or SUB, before the ESC of the next sequence, or else at the end of the name, all of which a
// terminal would have swallowed waiting for the terminator. The name folds to what was left on
// screen, for a mission's search key and an origin alike.
import { describe, expect, it } from 'vitest';
import { originOf } from '../queries/origin.js';
import { searchKey } from './search-key.js';

const origin = (asWritten: string) => originOf({ asWritten, actorId: null }, []);

describe('an OSC with no terminator in a name', () => {
  it('runs to the end of the name', () => {
    expect(searchKey('Embassy in Dushanbe\u001b]0;a title')).toBe('embassy in dushanbe');
    expect(searchKey('Embassy in Dushanbe\u009d8;;https://example.org/')).toBe('embassy in dushanbe');
    expect(searchKey('Embassy in Dushanbe \u001b]')).toBe('embassy in dushanbe');
    expect(origin('Zabihullah Mujahid\u001b]8;;https://example.org/')).toBe('name:zabihullah mujahid');
    expect(searchKey('\u001b]0;Embassy in Dushanbe')).toBe('');
  });

  it('ends at a CAN or SUB, and before the ESC of another sequence', () => {
    for (const name of [
      'Zabihullah \u001b]0;a title\u0018Mujahid',
      'Zabihullah \u001b]0;a title\u001aMujahid',
      'Zabihullah \u001b]0;a title\u001b[31mMujahid',
      'Zabihullah \u001b]0;a title\u001b]0;another\u0007Mujahid',
    ])
      expect(origin(name), JSON.stringify(name)).toBe('name:zabihullah mujahid');
  });
});
