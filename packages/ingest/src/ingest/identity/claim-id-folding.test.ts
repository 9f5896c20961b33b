// What normaliseClaimId and idLettersLost promise a script's id (docs/claim-records.md): accents
// folded, not dropped with their letter; the full 200 characters an id may have kept; and a single
// letter of another script refused, as much as a word of it.
import { describe, expect, it } from 'vitest';
import { idLettersLost, normaliseClaimId } from './ids.js';

describe('normaliseClaimId folding', () => {
  it('folds a composed accented letter to its base letter', () => {
    // "é" as one code point (NFC), as most editors write it.
    expect(normaliseClaimId('Caf\u00e9 Khorog')).toBe('cafe-khorog');
    expect(normaliseClaimId('Ch\u00e2teau-2023')).toBe('chateau-2023');
  });

  it('keeps an id of the full 200 characters whole, and cuts a longer one to 200', () => {
    const full = `a${'b'.repeat(198)}c`;
    expect(normaliseClaimId(full)).toBe(full);
    expect(normaliseClaimId('x'.repeat(300))).toHaveLength(200);
  });
});

describe('idLettersLost', () => {
  it('refuses an id with a single letter of another script', () => {
    // "Х" (Cyrillic) would be dropped: "Х-2023" and "Ж-2023" would both be "2023".
    expect(idLettersLost('\u0425-2023')).toContain('letters an id cannot hold (\u0425)');
    expect(normaliseClaimId('\u0425-2023')).toBe(normaliseClaimId('\u0416-2023'));
  });

  it('allows an id of Latin letters and digits only', () => {
    expect(idLettersLost('Diplomat 2023/03 Khorog')).toBeNull();
  });
});
