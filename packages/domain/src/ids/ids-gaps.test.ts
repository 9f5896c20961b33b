// Id checks and slugify behaviour no other test pinned (mutation pass C).
import { describe, expect, it } from 'vitest';
import { ClaimId, MissionId, slugify } from './ids.js';

describe('ids: lower-case slugs of letters, digits, ".", "_", ":" and "-"', () => {
  it.each(['tj-khorog-consulate', 'a', '0', 'diplomat-2023-03-28', 'claim:2023.03_visit', 'x'.repeat(200)])(
    'accepts %s',
    (id) => {
      expect(MissionId.safeParse(id).success).toBe(true);
    },
  );

  it.each([
    ['an empty id', ''],
    ['a leading dash', '-khorog'],
    ['a leading dot', '.khorog'],
    ['a leading colon', ':khorog'],
    ['an upper-case letter after the first', 'khorog-Consulate'],
    ['a space after the first letter', 'khorog consulate'],
    ['a trailing slash', 'khorog/'],
    ['201 characters, one more than ID_MAX', 'x'.repeat(201)],
  ])('refuses %s', (_what, id) => {
    expect(ClaimId.safeParse(id).success).toBe(false);
  });
});

describe('slugify', () => {
  it('folds the documented example to single dashes', () => {
    expect(slugify('Khorog (Khorugh)')).toBe('khorog-khorugh');
  });

  it('turns any run of other characters into one dash and trims dashes at both ends', () => {
    expect(slugify('  Mazar-i-Sharif -- Consulate!! ')).toBe('mazar-i-sharif-consulate');
    expect(slugify('Khoróg, Tajikistan')).toBe('khorog-tajikistan');
  });
});
