import { describe, expect, it } from 'vitest';
import { parseJsonSafely } from './safe-json.js';

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
    // Text that starts as JSON can start and still break: that is malformed JSON, where it broke.
    for (const text of ['{"a":', '[1,', '"open', '-x', 'nul', 'true false'])
      expect(parseJsonSafely(text)).toMatchObject({
        ok: false,
        message: expect.stringMatching(/^malformed JSON: /),
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
    // A colon, quote or brace inside a string is text, not a key; the same key in two objects is two keys.
    const fine = '{"q":"a \\"b\\": {\\"q\\":1}","s":{"q":[{"q":1},{"q":2}]},"t":{"q":"\\\\"}}';
    expect(parseJsonSafely(fine)).toEqual({ ok: true, value: JSON.parse(fine) });
  });
});
