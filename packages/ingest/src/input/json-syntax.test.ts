import { describe, expect, it } from 'vitest';
import { malformedAt, placeOf, syntaxError, syntaxErrorAt } from './json-syntax.js';

const v8Error = (text: string): Error => {
  try {
    JSON.parse(text);
  } catch (error) {
    return error as Error;
  }
  throw new Error(`${text} parses`);
};

describe('syntaxErrorAt: where a text stops being JSON', () => {
  it('is -1 for JSON, and the index where it breaks otherwise', () => {
    for (const text of ['{}', ' [ ] ', '{"a":[1,-2.5e+3,true,false,null,"x\\u00e9\\n"],"b":{}}', '0', '"s"'])
      expect(syntaxErrorAt(text)).toBe(-1);
    // Every escape JSON has, the solidus among them.
    expect(syntaxErrorAt('{"u":"a\\/b\\"\\\\\\b\\f\\n\\r\\t\\u00e9"}')).toBe(-1);
    expect(syntaxErrorAt('{"u":"a\\/b"}')).toBe(-1);
    expect(syntaxErrorAt('{"a":x}')).toBe(5);
    expect(syntaxErrorAt('{"a":tru}')).toBe(8);
    expect(syntaxErrorAt('[1,]')).toBe(3);
    expect(syntaxErrorAt('{"a":.5}')).toBe(5);
    expect(syntaxErrorAt("{'a':1}")).toBe(1);
    expect(syntaxErrorAt('{"a":1')).toBe(6);
    expect(syntaxErrorAt('{"a":1} x')).toBe(8);
    expect(syntaxErrorAt('')).toBe(0);
    expect(syntaxErrorAt(`${'['.repeat(200_000)}x`)).toBe(200_000);
  });

  it('agrees with JSON.parse where JSON.parse says where', () => {
    for (const text of ['{"a":1 "b":2}', '{"a":1,}', '{a:1}', '{"a":"x\ty"}', '{"a":1}x', '{"a":-}', '[1 2]'])
      expect(syntaxErrorAt(text), text).toBe(Number(/at position (\d+)/.exec(v8Error(text).message)![1]));
  });
});

describe('syntaxError: the place and the reason of a JSON.parse error', () => {
  it('takes the position from the message, and drops it from the reason', () => {
    const text = '{"a":1 "b":2}';
    expect(syntaxError(text, v8Error(text))).toEqual({
      at: 7,
      reason: "Expected ',' or '}' after property value",
    });
  });

  it('finds the place itself when the message gives none, without quoting the text', () => {
    const text = `{"quote":"${'long '.repeat(20)}","a":x}`;
    expect(syntaxError(text, v8Error(text))).toEqual({ at: text.length - 2, reason: "Unexpected token 'x'" });
    expect(syntaxError('{"a":1', new Error('Unexpected end of JSON input'))).toEqual({
      at: 6,
      reason: 'Unexpected end of JSON input',
    });
    // Node 22 adds the line and column to the position: dropped too.
    expect(
      syntaxError(
        '{"a":1}x',
        new Error('Unexpected non-whitespace character after JSON at position 7 (line 1 column 8)'),
      ),
    ).toEqual({ at: 7, reason: 'Unexpected non-whitespace character after JSON' });
  });
});

describe('placeOf: the line and column of a place in a record', () => {
  it('counts lines from the line the record starts on, and columns in characters from 1', () => {
    expect(placeOf('{"a":1 "b":2}', 7, 4)).toEqual({ line: 4, column: 8 });
    expect(placeOf('{\n  "a": 1\n  "b": 2\n}', 13, 20)).toEqual({ line: 22, column: 3 });
    expect(placeOf('{\r\n  "a": 1\r\n  "b": 2\r\n}', 15, 20)).toEqual({ line: 22, column: 3 });
    // A record that starts further along its line (an element of a one-line array) counts from there.
    expect(placeOf('{"a":1 "b":2}', 7, 1, 9)).toEqual({ line: 1, column: 16 });
    expect(placeOf('{\n"a":1 "b":2}', 8, 1, 9)).toEqual({ line: 2, column: 7 });
    // An emoji is one character, as field lengths count them.
    expect(placeOf('{"a":"😀" x}', 10, 1)).toEqual({ line: 1, column: 10 });
    // A line break inside a string, where JSON.parse stops: still on the line the break ends.
    expect(placeOf('{"a":"abc\ndef"}', 9, 1)).toEqual({ line: 1, column: 10 });
  });
});

describe('malformedAt: what is said of malformed JSON', () => {
  it('names a byte order mark inside a text, where JSON.parse prints it as an invisible token', () => {
    const text = '[1,\uFEFF2]';
    const said = malformedAt({ line: 5, text }, syntaxError(text, v8Error(text)), false);
    expect(said).toBe(
      'malformed JSON at character 4: a byte order mark (U+FEFF), which only the start of a file may hold: were files joined together? Remove it',
    );
    expect(said).not.toContain('\uFEFF');
  });

  it('counts the character it names as the docs do: an emoji is one', () => {
    const text = '{"a":"😀" x}';
    expect(malformedAt({ line: 1, text }, syntaxError(text, v8Error(text)), false)).toMatch(
      /^malformed JSON at character 10: /,
    );
  });

  it('hints at bare carriage returns between records, and not at CRLF line endings', () => {
    const bare = '{"a":[{}\r{}]}';
    expect(malformedAt({ line: 1, text: bare }, syntaxError(bare, v8Error(bare)), true)).toContain(
      'bare carriage return',
    );
    const crlf = '{"a":[{}\r\n{}]}';
    const said = malformedAt({ line: 1, text: crlf }, syntaxError(crlf, v8Error(crlf)), true);
    expect(said).toMatch(/^malformed JSON at line 2, column 1: /);
    expect(said).not.toContain('carriage return');
  });
});
