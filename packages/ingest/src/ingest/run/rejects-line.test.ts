// A rejected record as one line of the rejects file (oneLine).
import { describe, expect, it } from 'vitest';
import { oneLine } from './rejects-line.js';

describe('oneLine', () => {
  it('gives a line without a line break as it is', () => {
    expect(oneLine('  {"a": 1}  ')).toBe('  {"a": 1}  ');
  });

  it('drops white space at the start, keeping one space between two bare tokens it separates', () => {
    expect(oneLine('  x\ny')).toBe('x y');
    expect(oneLine('\n{"a": 1}')).toBe('{"a":1}');
  });

  it('removes white space between tokens and turns a line break inside a string into a space', () => {
    expect(oneLine('{\n  "a": "b\nc",\n  "d": [1, 2]\n}')).toBe('{"a":"b c","d":[1,2]}');
    // An escaped quote does not end the string: the line break after it is inside it.
    expect(oneLine('{"a": "x\\"\n y"}')).toBe('{"a":"x\\"  y"}');
  });
});
