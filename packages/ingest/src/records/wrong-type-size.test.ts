// A text field given an array is told it wants a string, and nothing more: zod also measures the
// array against the text's length bounds, which read as if the field took items.
import { describe, expect, it } from 'vitest';
import { parseRecord } from './parse-record.js';

const claim = {
  mission: 'tj-khorog-consulate',
  kind: 'visit',
  stance: 'asserts',
  controller: 'taliban',
  occurred: '2023-03-23',
  claimant: 'Taliban Foreign Ministry spokesman',
  source: { outlet: 'The Diplomat', published: '2023-03-28' },
  quote: 'a delegation had traveled to the Afghan consulate in Khorog',
};

const issuesOf = (value: unknown) => {
  const result = parseRecord(value);
  return result.ok ? [] : result.issues;
};

describe('a text field given an array', () => {
  it('is told only that it expects a string, for an empty array and one past the length bound', () => {
    expect(issuesOf({ ...claim, id: [] })).toEqual([
      { path: 'id', message: 'expected string, got an array' },
    ]);
    expect(issuesOf({ ...claim, quote: [] })).toEqual([
      { path: 'quote', message: 'expected string, got an array' },
    ]);
    expect(issuesOf({ ...claim, claimant: new Array(1001).fill('x') })).toEqual([
      { path: 'claimant', message: 'expected string, got an array' },
    ]);
    expect(issuesOf({ ...claim, source: { outlet: [], published: [] } })).toEqual([
      { path: 'source.outlet', message: 'expected string, got an array' },
      { path: 'source.published', message: 'expected string, got an array' },
    ]);
  });

  it('keeps the size of a field that does take items', () => {
    const via = new Array(51).fill({ name: 'Tolo News', relation: 'cites' });
    expect(issuesOf({ ...claim, via })).toEqual([
      { path: 'via', message: '51 items; the most this field takes is 50' },
    ]);
  });
});
