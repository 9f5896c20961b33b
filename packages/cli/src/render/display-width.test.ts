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

  it('gives a text-default pictograph two columns when VARIATION SELECTOR-16 asks for an emoji', () => {
    expect(displayWidth('\u2764\ufe0f')).toBe(2); // ❤️
    expect(displayWidth('\u2600\ufe0f')).toBe(2); // ☀️
    expect(displayWidth('\u2708\ufe0f')).toBe(2); // ✈️
    expect(displayWidth('\u00a9\ufe0f')).toBe(2); // ©️
    expect(displayWidth('I \u2764\ufe0f Khorog')).toBe(11);
    // 👁️‍🗨️: an eye and a speech bubble, both text by default, joined as one picture.
    expect(displayWidth('\u{1f441}\ufe0f\u200d\u{1f5e8}\ufe0f')).toBe(2);
  });

  it('gives a keycap two columns: a digit, # or * that VARIATION SELECTOR-16 makes an emoji', () => {
    expect(displayWidth('1\ufe0f\u20e3')).toBe(2); // 1️⃣
    expect(displayWidth('#\ufe0f\u20e3')).toBe(2); // #️⃣
    expect(displayWidth('*\ufe0f\u20e3 first')).toBe(8);
    // Asked for as text, or written without the selector, a keycap is its digit's one column.
    expect(displayWidth('1\ufe0e\u20e3')).toBe(1);
    expect(displayWidth('1\u20e3')).toBe(1);
  });

  it('keeps one column for a pictograph alone, or with VARIATION SELECTOR-15 asking for text', () => {
    expect(displayWidth('\u2764')).toBe(1);
    expect(displayWidth('\u2764\ufe0e')).toBe(1);
    expect(displayWidth('\u2600\ufe0e \u2708\ufe0e')).toBe(3);
  });

  it('keeps one column for a letter that VARIATION SELECTOR-16 follows: no picture of it exists', () => {
    expect(displayWidth('a\ufe0f')).toBe(1);
    expect(displayWidth('\u6c34\ufe0f')).toBe(2); // 水, wide already
  });

  it('gives East Asian Ambiguous characters one column, as Western terminals draw them', () => {
    expect(displayWidth('\u2026')).toBe(1); // …
    expect(displayWidth('\u03b1\u00b0\u00d7')).toBe(3); // α°×
    expect(displayWidth('\u2460')).toBe(1); // ①
  });

  it('counts a character past the BMP once, not by its two UTF-16 units', () => {
    expect(displayWidth('𝐀𝐁')).toBe(2); // mathematical bold letters: narrow
    expect(displayWidth('𐎀')).toBe(1); // Ugaritic
  });
});
