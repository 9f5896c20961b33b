// Thai, Lao, Khmer, Myanmar and Tibetan write no space between words; a zero-width space (U+200B)
// marks where a line may break between two of them. A quote in those scripts holds it between
// letters as the writing puts it there, and the text output shows it as it is; written out each
// time (`\u200b`), such a quote would be unreadable. Anywhere else it is written out as before,
// and a name still may not hold one (ingest-word-space-names.test.ts).
import { describe, expect, it } from 'vitest';
import { visible } from './visible.js';

const WORD_SPACED = [
  'ผู้แทน\u200bกระทรวง\u200bการ\u200bต่างประเทศ\u200bกล่าว', // Thai, a word ending in a tone mark
  'ສະຖານ\u200bທູດ', // Lao
  'ស្ថានទូត\u200bអាហ្វហ្គានីស្ថាន', // Khmer, a word ending in a subscript consonant
  'သံရုံး\u200bကို', // Myanmar, a word ending in a visarga (a mark)
  'བོད\u200bཡིག', // Tibetan
];

describe('visible, with a zero-width space between words of a script written without spaces', () => {
  it('shows it as it is between two letters of the script', () => {
    for (const text of WORD_SPACED) expect(visible(text), text).toBe(text);
    expect(visible(`“${WORD_SPACED[0]}” (c114)`)).toBe(`“${WORD_SPACED[0]}” (c114)`);
  });

  it('writes it out anywhere else', () => {
    expect(visible('Zabihullah Mu\u200bjahid')).toBe('Zabihullah Mu\\u200bjahid');
    expect(visible('กระทรวง\u200bMujahid')).toBe('กระทรวง\\u200bMujahid');
    expect(visible('Mujahid\u200bกระทรวง')).toBe('Mujahid\\u200bกระทรวง');
    expect(visible('กระทรวง\u200b ทูต')).toBe('กระทรวง\\u200b ทูต');
    expect(visible('\u200bกระทรวง')).toBe('\\u200bกระทรวง');
    expect(visible('กระทรวง\u200b')).toBe('กระทรวง\\u200b');
    expect(visible('กระทรวง\u200b\u200bทูต')).toBe('กระทรวง\\u200b\\u200bทูต');
    expect(visible('๑๒\u200b๓๔')).toBe('๑๒\\u200b๓๔');
  });

  it('writes it out between letters of two of those scripts', () => {
    expect(visible('กระทรวง\u200bສະຖານ')).toBe('กระทรวง\\u200bສະຖານ');
  });

  it('still writes out the other characters around it', () => {
    expect(visible('กระทรวง\u200bทูต\u00ad\u001b[1m')).toBe('กระทรวง\u200bทูต\\u00ad\\u001b[1m');
  });
});
