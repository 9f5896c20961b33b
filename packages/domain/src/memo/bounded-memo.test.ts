import { describe, expect, it } from 'vitest';
import { BoundedMemo } from './bounded-memo.js';

describe('BoundedMemo', () => {
  it('works an answer out once per key, null and undefined answers included', () => {
    const memo = new BoundedMemo<string | null | undefined>(10);
    let calls = 0;
    const compute = (key: string) => {
      calls++;
      return key === 'none' ? null : key === 'gone' ? undefined : key.toUpperCase();
    };
    expect([memo.get('a', compute), memo.get('a', compute)]).toEqual(['A', 'A']);
    expect([memo.get('none', compute), memo.get('none', compute)]).toEqual([null, null]);
    expect([memo.get('gone', compute), memo.get('gone', compute)]).toEqual([undefined, undefined]);
    expect(calls).toBe(3);
  });

  it('never keeps more than its limit: when full, drops every answer and starts again', () => {
    const memo = new BoundedMemo<number>(3);
    let calls = 0;
    const compute = (key: string) => ++calls + key.length * 0;
    for (const key of ['a', 'b', 'c']) memo.get(key, compute);
    expect(memo.size).toBe(3);
    memo.get('d', compute);
    expect(memo.size).toBe(1);
    expect(memo.get('a', compute)).toBe(5);
    expect(memo.get('d', compute)).toBe(4);
  });
});
