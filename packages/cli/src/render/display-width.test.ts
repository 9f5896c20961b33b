import { describe, expect, it } from 'vitest';
import { displayWidth } from './display-width.js';

describe('displayWidth: the columns a terminal gives text', () => {
  it('counts printable ASCII by its length', () => {
    expect(displayWidth('')).toBe(0);
    expect(displayWidth('tj-khorog-consulate')).toBe(19);
    expect(displayWidth('Mu\\u200bjahid')).toBe(13);
  });

  it('gives Chinese, Japanese and Korean characters and fullwidth forms two columns', () => {
    expect(displayWidth('新华社')).toBe(6);
    expect(displayWidth('共同通信')).toBe(8);
    expect(displayWidth('ひらがな カタカナ')).toBe(17);
    expect(displayWidth('연합뉴스')).toBe(8);
    expect(displayWidth('ＡＢ１')).toBe(6);
    expect(displayWidth('「　」')).toBe(6); // CJK brackets and the ideographic space
    expect(displayWidth('￥')).toBe(2);
    expect(displayWidth('𠀀')).toBe(2); // extension B, past the BMP
  });

  it('gives combining marks, joiners and variation selectors no column', () => {
    expect(displayWidth('e\u0301')).toBe(1);
    expect(displayWidth('Jose\u0301 Marti\u0301')).toBe(10);
    expect(displayWidth('محمّد')).toBe(4); // a shadda over the second mim
    expect(displayWidth('می\u200cخواهم')).toBe(7); // a zero-width non-joiner inside
    expect(displayWidth('ไม้')).toBe(2); // a Thai tone mark
    expect(displayWidth('x\u0301\u0301\u0301\u0301')).toBe(1);
    expect(displayWidth('\u200d')).toBe(0);
    expect(displayWidth('a\ufe0e')).toBe(1);
  });

  it('gives an emoji two columns, a joined sequence and a flag once', () => {
    expect(displayWidth('😀')).toBe(2);
    expect(displayWidth('👩\u200d💻')).toBe(2);
    expect(displayWidth('👩🏽\u200d💻 dev')).toBe(6);
    expect(displayWidth('🇹🇯')).toBe(2);
  });

  it('counts a character past the BMP once, not by its two UTF-16 units', () => {
    expect(displayWidth('𝐀𝐁')).toBe(2); // mathematical bold letters: narrow
    expect(displayWidth('𐎀')).toBe(1); // Ugaritic
  });
});
