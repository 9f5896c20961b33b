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

  it('takes a standing given for a stream already known without one', () => {
    const known = new KnownStreams(100);
    const standing = { title: 'T' };
    known.add('a');
    known.add('a', standing);
    expect(known.standing('a')).toBe(standing);
    // Added again without one, the standing stays.
    known.add('a');
    expect(known.standing('a')).toBe(standing);
  });

  it("keeps a stream's standing when it is added again from the old generation, through later roll-overs", () => {
    const known = new KnownStreams(4);
    const standing = { title: 'T' };
    known.add('a', standing);
    known.add('b'); // the young generation is full (2): it becomes the old one
    known.add('a'); // back into the young one, with its standing
    known.add('c'); // full again: the generation holding only the first 'a' is dropped
    expect(known.has('b')).toBe(false);
    expect(known.standing('a')).toBe(standing);
  });
});
