// searchKey at the Unicode edges a mutation pass found untested: which joiners it keeps (those ingest
// takes as part of a name: beside a letter of a script that uses them, whatever stands on the other
// side; never one beside a common-script letter such as the modifier apostrophe of "Maʼrib"), a
// next-line control (NEL) as a word break, and the escape sequences a terminal ends where a
// terse reading of them would not: a CSI ended by `@`, a CSI with an intermediate byte, an OSC
// ended by the one-character string terminator U+009C.
import { describe, expect, it } from 'vitest';
import { searchKey } from './name-fold.js';

describe('searchKey at the Unicode edges', () => {
  it('keeps, as a word break, a joiner beside one Persian letter and something else', () => {
    // Ingest takes each of these joiners as part of the name (unseen-chars.ts, partOfName).
    expect(searchKey('ذبیح\u200c5')).toBe('ذبیح 5');
    expect(searchKey('ذبیح\u200cAllah')).toBe('ذبیح allah');
    expect(searchKey('5\u200cالله')).toBe('5 الله');
    expect(searchKey('ذبیح\u200c الله')).toBe('ذبیح الله');
  });

  it('drops a joiner beside a common-script letter, which no script joins, as ingest refuses it', () => {
    expect(searchKey('Ma\u02bc\u200crib')).toBe(searchKey('Ma\u02bcrib'));
    expect(searchKey('Hawai\u02bb\u200di')).toBe(searchKey('Hawai\u02bbi'));
  });

  it('reads a next-line control (NEL) inside a name as a word break, as a line break', () => {
    expect(searchKey('Embassy in\u0085Dushanbe')).toBe('embassy in dushanbe');
  });

  it('drops a CSI ended by @ (insert characters) whole', () => {
    expect(searchKey('Embassy \u001b[5@in Dushanbe')).toBe('embassy in dushanbe');
    expect(searchKey('Embassy \u009b@in Dushanbe')).toBe('embassy in dushanbe');
  });

  it('drops a CSI with an intermediate byte (the cursor style, ESC[2 q) whole', () => {
    expect(searchKey('Embassy \u001b[2 qin Dushanbe')).toBe('embassy in dushanbe');
    expect(searchKey('Embassy \u001b[1;2 !pin Dushanbe')).toBe('embassy in dushanbe');
  });

  it('ends an OSC at the one-character string terminator U+009C, keeping the text after it', () => {
    expect(searchKey('Embassy \u001b]0;a title\u009cin Dushanbe')).toBe('embassy in dushanbe');
  });
});
