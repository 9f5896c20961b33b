import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { StoredEvent } from '../port/event-store.js';
import { canonicalJson } from './canonical-json.js';
import {
  chainHash,
  chainHashOfJson,
  GENESIS_HASH,
  matchesChainHash,
  storedChainHash,
  verifyChain,
  verifyChainSync,
} from './hash-chain.js';

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

function chainOf(count: number, stamp = (_i: number) => '2024-01-01T00:00:00.000Z'): StoredEvent[] {
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
      recordedAt: stamp(i),
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

  it('names the first recorded time that falls back, without calling the chain broken', async () => {
    expect(await verifyChain(chainOf(4))).not.toHaveProperty('recordedTimeStepsBack');
    const days = ['2024-01-02', '2024-01-03', '2024-01-01', '2024-01-04', '2023-12-31'];
    const events = chainOf(5, (i) => `${days[i]}T00:00:00.000Z`);
    expect(await verifyChain(events)).toMatchObject({
      ok: true,
      checked: 5,
      recordedTimeStepsBack: {
        position: 3,
        recordedAt: '2024-01-01T00:00:00.000Z',
        after: '2024-01-03T00:00:00.000Z',
      },
    });
    // Kept beside a break after it: the events checked stepped back first.
    const broken = events.map((e) => (e.position === 5 ? { ...e, data: { i: 99 } } : e));
    expect(verifyChainSync(broken)).toMatchObject({ ok: false, recordedTimeStepsBack: { position: 3 } });
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
    // A head that disagrees with a chain that verifies: named after the last event, all of them checked.
    for (const disagreeing of [
      { count: 3, lastHash: events[2]!.hash },
      { count: 4, lastHash: events[2]!.hash },
    ]) {
      expect(verifyChainSync(events, disagreeing)).toMatchObject({
        ok: false,
        checked: 4,
        lastHash: events[3]!.hash,
        firstBreak: { position: 5 },
      });
    }
  });

  it('storedChainHash hashes the data as JSON.stringify gives it, and survives a JSON round trip', () => {
    fc.assert(
      fc.property(content, (c) => {
        const stored = storedChainHash(c);
        expect(stored).toBe(
          chainHashOfJson({
            ...c,
            dataJson: JSON.stringify(c.data),
            metadataJson: canonicalJson(c.metadata),
          }),
        );
        // What a reader parses back from the stored text hashes the same.
        expect(storedChainHash({ ...c, data: JSON.parse(JSON.stringify(c.data)) })).toBe(stored);
        expect(matchesChainHash(c, stored)).toBe(true);
        expect(matchesChainHash(c, chainHash(c))).toBe(true);
      }),
    );
  });

  it('verifies a chain mixing both forms and still names an altered value, whatever its key order', () => {
    const base = {
      id: 'e',
      type: 'T',
      version: 1,
      metadata: {},
      stream: 's',
      recordedAt: '2024-01-01T00:00:00.000Z',
    };
    const first = {
      ...base,
      data: { b: 1, a: [2, { d: 3, c: 4 }] },
      revision: 0,
      position: 1,
      prevHash: GENESIS_HASH,
    };
    const firstHash = storedChainHash(first);
    expect(firstHash).not.toBe(chainHash(first));
    const second = { ...base, data: { z: 1, y: 2 }, revision: 1, position: 2, prevHash: firstHash };
    const events: StoredEvent[] = [
      { ...first, hash: firstHash },
      { ...second, hash: chainHash(second) },
    ];
    expect(verifyChainSync(events)).toMatchObject({ ok: true, checked: 2 });
    const altered = events.map((e) =>
      e.position === 1 ? { ...e, data: { b: 1, a: [2, { d: 3, c: 5 }] } } : e,
    );
    expect(verifyChainSync(altered)).toMatchObject({ ok: false, checked: 0, firstBreak: { position: 1 } });
    const alteredCanonical = events.map((e) => (e.position === 2 ? { ...e, data: { y: 2, z: 0 } } : e));
    expect(verifyChainSync(alteredCanonical)).toMatchObject({
      ok: false,
      checked: 1,
      firstBreak: { position: 2 },
    });
  });

  it('names the place after the last good event when a position goes backwards', () => {
    const events = chainOf(4);
    const damaged = events.map((e) => (e.position === 4 ? { ...e, position: 0 } : e));
    expect(verifyChainSync(damaged)).toMatchObject({ ok: false, checked: 3, firstBreak: { position: 4 } });
    expect(verifyChainSync(damaged).firstBreak?.reason).toBe('position 0 is not after 3');
  });
});
