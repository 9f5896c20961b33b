// verifyLinks and verifyLinksPausing run one loop (walkLinks in hash-chain.ts): the same report from
// either, the pausing one asking its pause after every 1,024 events, and a pause that throws ending
// the walk with the events' iterator closed (for the SQLite store, its statement), as a for-of would.
import { describe, expect, it } from 'vitest';
import { GENESIS_HASH } from './chain-hash.js';
import { watched } from './chain-testing.js';
import { type ChainLink, verifyLinks, verifyLinksPausing } from './hash-chain.js';

/** `count` links, each naming the one before; their hashes are names, taken as right. */
function links(count: number): ChainLink[] {
  return Array.from({ length: count }, (_, i) => ({
    position: i + 1,
    prevHash: i === 0 ? GENESIS_HASH : `h${i}`,
    hash: `h${i + 1}`,
    recordedAt: '2024-01-01T00:00:00.000Z',
  }));
}

const hashHolds = () => true;

describe('the pausing walk along the chain', () => {
  it('gives the report the synchronous walk gives, asking its pause after every 1,024 events', async () => {
    const intact = links(3000);
    const broken = intact.map((e) => (e.position === 2500 ? { ...e, prevHash: 'altered' } : e));
    for (const events of [intact, broken]) {
      let asked = 0;
      const report = await verifyLinksPausing(events, null, hashHolds, {}, () => {
        asked++;
        return asked === 1 ? new Promise<void>((resolve) => setImmediate(resolve)) : null;
      });
      expect(report).toEqual(verifyLinks(events, null, hashHolds));
      expect(asked).toBe(2);
    }
    expect(verifyLinks(broken, null, hashHolds).firstBreak?.position).toBe(2500);
  });

  it('ends the walk with the events closed when a pause fails', async () => {
    const events = links(3000);
    const state = { closed: false, read: 0 };
    const walked = verifyLinksPausing(watched(events, state), null, hashHolds, {}, () =>
      Promise.reject(new Error('pause failed')),
    );
    await expect(walked).rejects.toThrow('pause failed');
    expect(state).toEqual({ closed: true, read: 1024 });
  });

  it('ends the walk with the events closed when a hash check throws (a row SQLite cannot read)', () => {
    const state = { closed: false, read: 0 };
    const failing = (link: ChainLink) => {
      if (link.position === 5) throw new Error('unreadable row');
      return true;
    };
    expect(() => verifyLinks(watched(links(10), state), null, failing)).toThrow('unreadable row');
    expect(state).toEqual({ closed: true, read: 5 });
  });
});
