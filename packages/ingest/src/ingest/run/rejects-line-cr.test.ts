// A carriage return inside a string of a record spanning lines: a line break there becomes a space
// in the rejects file, the CR of a CRLF as much as its LF, so no CR is left inside the line.
import { describe, expect, it } from 'vitest';
import { oneLine } from './rejects-line.js';

describe('oneLine with CRLF inside a string', () => {
  it('turns both characters of a CRLF inside a string into spaces', () => {
    expect(oneLine('{\r\n  "quote": "a\r\nb"\r\n}')).toBe('{"quote":"a  b"}');
  });

  it('turns a bare CR inside a string of a record spanning lines into a space', () => {
    expect(oneLine('{\n"quote": "a\rb"\n}')).toBe('{"quote":"a b"}');
  });
});
