import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { StoredEvent } from '../port/event-store.js';
import { canonicalJson } from './canonical-json.js';
import { chainHash, chainHashOfJson, GENESIS_HASH, verifyChain, verifyChainSync } from './hash-chain.js';

const content = fc.record({
  id: fc.string(),
  type: fc.string(),
  version: fc.integer(),
  data: fc.jsonValue() as fc.Arbitrary<unknown>,
  metadata: fc.record({ correlationId: fc.string(), ingestRunId: fc.string() }, { requiredKeys: [] }),
  stream: fc.string(),
  revision: fc.integer({ min: -1 }),
  position: fc.integer({ min: -1 }),
  recordedAt: fc.string(),
  prevHash: fc.stringMatching(/^[0-9a-f]{64}$/),
});

function chainOf(count: number): StoredEvent[] {
  const events: StoredEvent[] = [];
  let prevHash = GENESIS_HASH;
  for (let i = 0; i < count; i++) {
    const event = {
      id: `e${i}`,
      type: 'T',
      version: 1,
      data: { i },
      metadata: {},
      stream: 's',
      revision: i,
      position: i + 1,
      recordedAt: '2024-01-01T00:00:00.000Z',
      prevHash,
    };
    prevHash = chainHash(event);
    events.push({ ...event, hash: prevHash });
  }
  return events;
}

describe('hash chain', () => {
  it('chainHashOfJson gives the digest chainHash gives', () => {
    fc.assert(
      fc.property(content, (c) => {
        const fromJson = chainHashOfJson({
          ...c,
          dataJson: canonicalJson(c.data),
          metadataJson: canonicalJson(c.metadata),
        });
        expect(fromJson).toBe(chainHash(c));
      }),
    );
  });

  it('verifies an intact chain and names the first altered, removed or moved event', async () => {
    const events = chainOf(5);
    expect(await verifyChain(events)).toMatchObject({ ok: true, checked: 5, lastHash: events[4]!.hash });
    const altered = events.map((e) => (e.position === 3 ? { ...e, data: { i: 99 } } : e));
    expect(verifyChainSync(altered).firstBreak?.position).toBe(3);
    expect(verifyChainSync(events.filter((e) => e.position !== 2)).firstBreak?.position).toBe(3);
    const moved = [events[0]!, events[2]!, events[1]!, events[3]!, events[4]!];
    expect(verifyChainSync(moved).firstBreak?.position).toBe(3);
  });

  it('checks the end of the chain against a head when one is given', () => {
    const events = chainOf(4);
    const head = { count: 4, lastHash: events[3]!.hash };
    expect(verifyChainSync(events, head).ok).toBe(true);
    expect(verifyChainSync(events.slice(0, 3), head)).toMatchObject({
      ok: false,
      checked: 3,
      firstBreak: { position: 4 },
    });
    expect(verifyChainSync(events, { count: 3, lastHash: events[2]!.hash }).ok).toBe(false);
  });
});
