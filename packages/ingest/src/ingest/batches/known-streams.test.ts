import { describe, expect, it } from 'vitest';
import { KnownStreams } from './known-streams.js';

describe('KnownStreams', () => {
  it('remembers recent streams and forgets the oldest once over capacity', () => {
    const known = new KnownStreams(4);
    for (const s of ['a', 'b', 'c', 'd', 'e']) known.add(s);
    expect(known.has('e')).toBe(true);
    expect(known.has('a')).toBe(false);
  });

  it('keeps a stream that is used while the others age out', () => {
    const known = new KnownStreams(4);
    known.add('hot');
    for (let i = 0; i < 20; i++) {
      known.add(`cold-${i}`);
      expect(known.has('hot')).toBe(true);
    }
    expect(known.has('cold-0')).toBe(false);
  });
});
