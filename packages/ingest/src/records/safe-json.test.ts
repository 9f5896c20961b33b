import { describe, expect, it } from 'vitest';
import { checkKeys, MAX_DEPTH, parseJsonSafely } from './safe-json.js';

describe('parseJsonSafely', () => {
  it('parses ordinary JSON', () => {
    expect(parseJsonSafely('{"a":[1,{"b":"c"}]}')).toEqual({ ok: true, value: { a: [1, { b: 'c' }] } });
  });

  it('reports malformed JSON', () => {
    const result = parseJsonSafely('{"a": }');
    expect(result.ok).toBe(false);
    expect(!result.ok && result.message).toMatch(/^malformed JSON/);
  });

  it('says a line that no JSON value starts like is not JSON, showing how it begins', () => {
    expect(parseJsonSafely('id,mission,kind,stance,controller')).toEqual({
      ok: false,
      path: '',
      message: 'not JSON: it begins "id,mission,kind,stan"',
    });
    expect(parseJsonSafely('  Khorog; visit')).toMatchObject({
      message: 'not JSON: it begins "Khorog; visit"',
    });
    // A word that is not true, false or null is not JSON either, though its first letter may be.
    for (const [text, begins] of [
      ['not json', 'not json'],
      ['hello, world', 'hello, world'],
      ['falsehood', 'falsehood'],
      ['Nothing here', 'Nothing here'],
    ] as const)
      expect(parseJsonSafely(text)).toMatchObject({ message: `not JSON: it begins "${begins}"` });
    // Text that starts as JSON can start and still break: that is malformed JSON, where it broke.
    for (const text of ['{"a":', '[1,', '"open', '-x', 'nul', 'true false'])
      expect(parseJsonSafely(text)).toMatchObject({
        ok: false,
        message: expect.stringMatching(/^malformed JSON at character \d+: /),
      });
  });

  it('refuses __proto__, constructor and prototype keys at any depth, escaped or not', () => {
    expect(parseJsonSafely('{"__proto__":{"polluted":true}}')).toMatchObject({
      ok: false,
      path: '__proto__',
    });
    expect(parseJsonSafely('{"a":[{"constructor":{"prototype":{}}}]}')).toMatchObject({
      ok: false,
      path: 'a.0.constructor',
    });
    expect(parseJsonSafely('{"\\u005f_proto__":{"polluted":true}}')).toMatchObject({
      ok: false,
      path: '__proto__',
    });
    expect(Object.prototype).not.toHaveProperty('polluted');
    expect(Object.prototype).not.toHaveProperty('polluted');
  });

  it('refuses each of the three keys alone, naming it', () => {
    for (const key of ['__proto__', 'constructor', 'prototype'])
      expect(parseJsonSafely(`{"${key}":1}`)).toEqual({
        ok: false,
        path: key,
        message: `the key "${key}" is not allowed (it could reach an object's prototype)`,
      });
  });

  it('lets the words through when they are values, not keys', () => {
    expect(parseJsonSafely('{"quote":"the constructor of __proto__"}').ok).toBe(true);
  });

  it('refuses a key written twice in one object, at its path, however it is spelt', () => {
    const twice = (key: string, as = '') =>
      `the key "${key}" appears twice in this object${as}; JSON would keep only the last value: write the field once`;
    expect(parseJsonSafely('{"controller":"taliban","kind":"visit","controller":"republic"}')).toEqual({
      ok: false,
      path: 'controller',
      message: twice('controller'),
    });
    expect(
      parseJsonSafely('{"a":[{}, "x", {"k":1}],"source": {"outlet":"A", "url":"u" , "outlet" :"B"}}'),
    ).toEqual({ ok: false, path: 'source.outlet', message: twice('outlet') });
    expect(parseJsonSafely('{"via":[{"name":"x"},{"name":"y","n\\u0061me":"z"}]}')).toEqual({
      ok: false,
      path: 'via.1.name',
      message: twice('name', ' (once written "n\\u0061me")'),
    });
    expect(parseJsonSafely('{"contr\\u006fller":"taliban","controller":"republic"}')).toMatchObject({
      path: 'controller',
      message: twice('controller', ' (once written "contr\\u006fller")'),
    });
    // Written three times or more, the count is said; only the object's own keys count.
    expect(parseJsonSafely('{"kind":"visit","kind":"control","stance":"asserts","kind":"visit"}')).toEqual({
      ok: false,
      path: 'kind',
      message: twice('kind').replace('twice', '3 times'),
    });
    expect(
      parseJsonSafely('{"s":{"q":1,"x":{"q":2},"q":3,"\\u0071":4,"q":5},"t":{"q":6},"q":7,"z":1e400}'),
    ).toEqual({
      ok: false,
      path: 's.q',
      message: twice('q', ' (once written "\\u0071")').replace('twice', '4 times'),
    });
    // The same key in an object inside, after the repeat, is not counted with it.
    expect(parseJsonSafely('{"a":1,"a":2,"b":{"a":3}}')).toEqual({
      ok: false,
      path: 'a',
      message: twice('a'),
    });
    // A colon, quote or brace inside a string is text, not a key; the same key in two objects is two keys.
    // (Strings that end in backslashes are read in safe-json-ends.test.ts, in a child process: read
    // wrong, they make a loop that would hang this file.)
    const fine = '{"q":"a \\"b\\": {\\"q\\":1}","s":{"q":[{"q":1},{"q":2}]},"t":{"q":"\\\\ \\\\\\""}}';
    expect(parseJsonSafely(fine)).toEqual({ ok: true, value: JSON.parse(fine) });
  });

  it('refuses a number too large to hold (JSON.parse reads it as Infinity), naming it as written', () => {
    const infinite = (written: string) =>
      `${written} is not a finite number: it is too large for a number to hold; write the value meant`;
    expect(parseJsonSafely('{"kind":"visit","credibility": 1e400}')).toEqual({
      ok: false,
      path: 'credibility',
      message: infinite('1e400'),
    });
    expect(parseJsonSafely('{"a":[1,{"b":[-2.5E+999]}]}')).toEqual({
      ok: false,
      path: 'a.1.b.0',
      message: infinite('-2.5E+999'),
    });
    expect(parseJsonSafely(`{"n":${'9'.repeat(400)}}`)).toMatchObject({
      path: 'n',
      message: infinite(`${'9'.repeat(20)}…${'9'.repeat(10)}`),
    });
    expect(parseJsonSafely('1e999')).toMatchObject({ ok: false, path: '', message: infinite('1e999') });
    // Large, small and negative numbers that are finite are numbers; digits in strings are text.
    const fine = '{"a":1e308,"b":-1.5e-300,"c":[0,-0.5,5e-324],"d":"1e400","e\\"1e400":true}';
    expect(parseJsonSafely(fine)).toEqual({ ok: true, value: JSON.parse(fine) });
  });

  it('refuses a number too small to hold (JSON.parse reads it as 0), naming it as written, and takes every zero', () => {
    const tiny = (written: string) =>
      `${written} is not zero, but too small for a number to hold: JSON would read it as 0; write the value meant`;
    expect(parseJsonSafely('{"kind":"visit","credibility": 1e-400}')).toEqual({
      ok: false,
      path: 'credibility',
      message: tiny('1e-400'),
    });
    expect(parseJsonSafely('{"a":[0,{"b":[-2.5E-999]}]}')).toEqual({
      ok: false,
      path: 'a.1.b.0',
      message: tiny('-2.5E-999'),
    });
    expect(parseJsonSafely(`{"n":0.${'0'.repeat(400)}1}`)).toMatchObject({
      path: 'n',
      message: tiny(`0.${'0'.repeat(18)}…${'0'.repeat(9)}1`),
    });
    expect(parseJsonSafely('1e-999')).toMatchObject({ ok: false, path: '', message: tiny('1e-999') });
    // Zero written any way JSON allows is zero, however small its exponent.
    const zeros = '{"a":0,"b":0.0,"c":-0,"d":0e5,"e":0.000,"f":[0E-400,-0.0e+10,0.0e-999],"g":"1e-400"}';
    expect(parseJsonSafely(zeros)).toEqual({ ok: true, value: JSON.parse(zeros) });
    expect(parseJsonSafely('-0')).toEqual({ ok: true, value: -0 });
  });
});

describe('parseJsonSafely: nesting', () => {
  const nested = (depth: number, inner = '1') => `${'{"a":'.repeat(depth)}${inner}${'}'.repeat(depth)}`;

  it(`takes a record nested ${MAX_DEPTH} levels deep`, () => {
    expect(parseJsonSafely(nested(MAX_DEPTH)).ok).toBe(true);
    expect(parseJsonSafely(`{"notes":${nested(MAX_DEPTH - 2, '[1]')}}`).ok).toBe(true);
  });

  it(`refuses one nested ${MAX_DEPTH + 1} levels deep, an object or an array, and its value as given`, () => {
    const past = `objects and arrays nested more than ${MAX_DEPTH} levels deep`;
    expect(parseJsonSafely(nested(MAX_DEPTH + 1))).toMatchObject({
      ok: false,
      path: 'a',
      message: expect.stringContaining(past),
    });
    const arrays = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;
    expect(parseJsonSafely(arrays(MAX_DEPTH)).ok).toBe(true);
    expect(parseJsonSafely(arrays(MAX_DEPTH + 1))).toMatchObject({
      ok: false,
      path: '',
      message: expect.stringContaining(past),
    });
    expect(checkKeys(JSON.parse(nested(MAX_DEPTH)))).toMatchObject({ ok: true });
    expect(checkKeys(JSON.parse(nested(MAX_DEPTH + 1)))).toMatchObject({
      ok: false,
      path: 'a',
      message: expect.stringContaining(past),
    });
  });

  it('refuses one nested deeper, at the field it is nested in, without running out of stack', () => {
    const message = (at: string) =>
      `objects and arrays nested more than ${MAX_DEPTH} levels deep (past it at ${at}); a record may nest at most ${MAX_DEPTH} levels`;
    expect(parseJsonSafely(`{"id":"x","notes":${nested(5000)}}`)).toEqual({
      ok: false,
      path: 'notes',
      message: message('notes.a.a.….a.a'),
    });
    // Escapes make the forbidden-key walk run first: it stops at the limit too.
    expect(parseJsonSafely(`{"id":"\\u0078","notes":${nested(5000)}}`)).toEqual({
      ok: false,
      path: 'notes',
      message: message('notes.a.a.….a.a'),
    });
    const deepArray = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    expect(parseJsonSafely(`{"via":[1,${deepArray}]}`)).toEqual({
      ok: false,
      path: 'via',
      message: message('via.1.0.….0.0'),
    });
    expect(parseJsonSafely(deepArray)).toMatchObject({ ok: false, path: '' });
    expect(checkKeys(JSON.parse(`{"notes":${nested(5000)}}`))).toMatchObject({ ok: false, path: 'notes' });
  });
});

describe('parseJsonSafely: escapes of lone surrogates', () => {
  it('refuses a lone surrogate written as an escape, at the path of the string that holds it', () => {
    const lone = (written: string) =>
      `the escape \\${written} is a lone surrogate, not a character: half of a UTF-16 pair written without its other half, which no UTF-8 text can hold; write the character meant (one outside the Basic Multilingual Plane, an emoji, is escaped as a pair: "\\ud83d\\ude00"), or the text itself`;
    expect(parseJsonSafely('{"quote":"lone \\ud800 surrogate"}')).toEqual({
      ok: false,
      path: 'quote',
      message: lone('ud800'),
    });
    // A low half alone, upper-case hex, inside an array and an object; two high halves in a row.
    expect(parseJsonSafely('{"via":[{"name":"x"},{"name":"a\\uDFFFb"}]}')).toMatchObject({
      path: 'via.1.name',
      message: lone('udfff'),
    });
    expect(parseJsonSafely('{"notes":"\\ud83d\\ud83d\\ude00"}')).toMatchObject({ path: 'notes' });
    expect(parseJsonSafely('{"notes":"\\ude00\\ud83d"}')).toMatchObject({ path: 'notes' });
    // In a key: the path writes the key with the escape, so it is itself plain JSON text.
    expect(parseJsonSafely('{"data":{"\\udc00":1}}')).toMatchObject({ path: 'data.\\udc00' });
    expect(parseJsonSafely('"\\ud800"')).toMatchObject({ ok: false, path: '' });
    // In the innermost of arrays nested as deep as a record may nest.
    const deep = `${'['.repeat(MAX_DEPTH)}"\\ud800"${']'.repeat(MAX_DEPTH)}`;
    expect(parseJsonSafely(deep)).toMatchObject({ ok: false, message: lone('ud800') });
  });

  it('takes a pair (an emoji escaped), other escapes, and text that only looks like such an escape', () => {
    expect(parseJsonSafely('{"quote":"smile \\ud83d\\ude00 \\uD83D\\uDE00"}')).toEqual({
      ok: true,
      value: { quote: 'smile 😀 😀' },
    });
    expect(parseJsonSafely('{"quote":"\\ufffd \\u00e9 \\ud7ff \\ue000"}').ok).toBe(true);
    // An escaped backslash followed by "ud800" is the six characters \ud800, not an escape.
    expect(parseJsonSafely('{"quote":"C:\\\\ud800"}')).toEqual({ ok: true, value: { quote: 'C:\\ud800' } });
  });
});
