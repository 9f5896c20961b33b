// The free text of a raw event record is held to the limit of a claim record's: each of its
// fields that holds free text, a correction's changes among them, is refused past it at its path.
import { describe, expect, it } from 'vitest';
import { LONG_TEXT_MAX, longTextIssues } from './long-text.js';

const long = 'n'.repeat(LONG_TEXT_MAX + 1);
const past = {
  message: `${(LONG_TEXT_MAX + 1).toLocaleString('en-US')} characters long; the most this field takes is ${LONG_TEXT_MAX.toLocaleString('en-US')}`,
};

describe('longTextIssues', () => {
  it('refuses each free-text field of a claim event past the limit, at its path', () => {
    expect(longTextIssues('ClaimRecorded', { quote: long, notes: long })).toEqual([
      { path: 'quote', ...past },
      { path: 'notes', ...past },
    ]);
    expect(longTextIssues('ClaimRetracted', { quote: long })).toEqual([{ path: 'quote', ...past }]);
    expect(longTextIssues('ClaimCorrected', { changes: { quote: long } })).toEqual([
      { path: 'changes.quote', ...past },
    ]);
    expect(longTextIssues('ClaimCorrected', { changes: { notes: long } })).toEqual([
      { path: 'changes.notes', ...past },
    ]);
  });

  it('takes text at the limit, counted in characters, and fields it does not limit', () => {
    const emoji = '😀'.repeat(LONG_TEXT_MAX);
    expect(longTextIssues('ClaimCorrected', { changes: { quote: emoji, notes: emoji } })).toEqual([]);
    expect(longTextIssues('ClaimCorrected', { changes: { reason: long }, reason: long })).toEqual([]);
    expect(longTextIssues('ReportRevised', { changes: { title: long } })).toEqual([]);
  });
});
