import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { StoredEvent } from '../port/event-store.js';
import { canonicalJson } from './canonical-json.js';
import { chainHash, chainHashOfJson, GENESIS_HASH, matchesChainHash, storedChainHash } from './chain-hash.js';
import { chainOf } from './chain-testing.js';
import { verifyChain, verifyChainSync, verifyLinks } from './hash-chain.js';

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
    expect(verifyChainSync(events.slice(0, 3), head).firstBreak?.reason).toContain(
      'the head row was altered, or events were cut off the end',
    );
    // An event past the head's end (appended without it): named at its own position, the events
    // up to the head's end verified.
    expect(verifyChainSync(events, { count: 3, lastHash: events[2]!.hash })).toMatchObject({
      ok: false,
      checked: 3,
      lastHash: events[2]!.hash,
      firstBreak: { position: 4 },
    });
    expect(verifyChainSync(events, { count: 3, lastHash: events[2]!.hash }).firstBreak?.reason).toContain(
      "an event past the store's head: the store's head records 3 events ending in",
    );
    // As many events as the head records, but another last hash: named after the last event.
    expect(verifyChainSync(events, { count: 4, lastHash: events[2]!.hash })).toMatchObject({
      ok: false,
      checked: 4,
      lastHash: events[3]!.hash,
      firstBreak: { position: 5 },
    });
    // A count alone too high: the head contradicts itself, as no cut leaves the last hash as it was.
    expect(verifyChainSync(events, { count: 5, lastHash: events[3]!.hash }).firstBreak?.reason).toContain(
      "its last hash match the log's end, its count does not: the head row was altered",
    );
  });

  it("checks the head's last position, when the store keeps one", () => {
    const events = chainOf(4);
    const check = (lastPosition: number) =>
      verifyLinks(events, { count: 4, lastHash: events[3]!.hash, lastPosition }, (e) =>
        matchesChainHash(e, e.hash),
      );
    expect(check(4)).toMatchObject({ ok: true, checked: 4 });
    expect(check(2)).toMatchObject({
      ok: false,
      checked: 2,
      lastHash: events[1]!.hash,
      firstBreak: { position: 3 },
    });
    expect(check(2).firstBreak?.reason).toContain("an event past the store's head");
    expect(check(6)).toMatchObject({ ok: false, checked: 4, firstBreak: { position: 5 } });
    expect(check(6).firstBreak?.reason).toContain(
      "its count and last hash match the log's end, its last position does not: the head row was altered, perhaps after events were cut off the end",
    );
  });

  it('with consecutive positions, names the first position missing', () => {
    const events = chainOf(5);
    const walk = (list: StoredEvent[]) =>
      verifyLinks(list, null, (e) => matchesChainHash(e, e.hash), { consecutive: true });
    expect(walk(events)).toMatchObject({ ok: true, checked: 5 });
    expect(walk(events.filter((e) => e.position !== 3))).toMatchObject({
      ok: false,
      checked: 2,
      firstBreak: {
        position: 3,
        reason: expect.stringContaining('no event at position 3: the log goes from 2 to 4'),
      },
    });
    expect(walk(events.slice(2)).firstBreak).toMatchObject({
      position: 1,
      reason: expect.stringContaining('no events at positions 1 to 2: the log starts at 3'),
    });
    // Without the rule (a store whose positions may skip), the same gap is a broken link.
    expect(verifyChainSync(events.filter((e) => e.position !== 3)).firstBreak?.position).toBe(4);
  });

  it('at a broken link names the pair, and does not count the event before it', () => {
    const events = chainOf(5);
    // Event 3 edited and its own hash computed again: it verifies alone, 4's link does not hold.
    const { hash: _old, ...third } = { ...events[2]!, data: { i: 99 } };
    const forged = [...events.slice(0, 2), { ...third, hash: chainHash(third) }, ...events.slice(3)];
    const report = verifyChainSync(forged);
    expect(report).toMatchObject({
      ok: false,
      checked: 2,
      lastHash: events[1]!.hash,
      firstBreak: { position: 4, previous: 3 },
    });
    expect(report.firstBreak?.reason).toContain(
      'Either the event at 3 was altered and its hash computed again',
    );
  });

  it("runs a store's further check once an event's hash holds", () => {
    const events = chainOf(3);
    const report = verifyLinks(events, null, (e) => matchesChainHash(e, e.hash), {
      afterHash: (e) => (e.position === 2 ? 'its index key does not match' : null),
    });
    expect(report).toMatchObject({
      ok: false,
      checked: 1,
      firstBreak: { position: 2, reason: 'its index key does not match' },
    });
    // An event whose hash fails is named for that, not for the further check.
    const altered = events.map((e) => (e.position === 2 ? { ...e, data: { i: 5 } } : e));
    const further = (e: StoredEvent) => (e.position === 2 ? 'key' : null);
    expect(
      verifyLinks(altered, null, (e) => matchesChainHash(e, e.hash), { afterHash: further }).firstBreak,
    ).toMatchObject({ position: 2, reason: 'its content does not match its hash (the event was altered)' });
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

  it("names position 1 when the first event's previous-hash link alone was altered", async () => {
    const events = chainOf(3);
    const altered = events.map((e) => (e.position === 1 ? { ...e, prevHash: 'f'.repeat(64) } : e));
    for (const report of [verifyChainSync(altered), await verifyChain(altered)]) {
      expect(report).toMatchObject({
        ok: false,
        checked: 0,
        lastHash: GENESIS_HASH,
        firstBreak: {
          position: 1,
          reason: expect.stringMatching(/previous-hash link is not the hash every chain starts from/),
        },
      });
      expect(report.firstBreak).not.toHaveProperty('previous');
    }
  });

  it('names an event that repeats the position before it, though its link and hash hold', async () => {
    const events = chainOf(3);
    // The third event put at position 2, linked to the second and its hash computed again.
    const { hash: _old, ...third } = { ...events[2]!, position: 2 };
    const repeated = [events[0]!, events[1]!, { ...third, hash: chainHash(third) }];
    expect(repeated[2]!.prevHash).toBe(events[1]!.hash);
    for (const report of [verifyChainSync(repeated), await verifyChain(repeated)]) {
      expect(report).toMatchObject({
        ok: false,
        checked: 2,
        lastHash: events[1]!.hash,
        firstBreak: { position: 3, reason: 'position 2 is not after 2' },
      });
    }
  });

  it('names the place after the last good event when a position goes backwards', () => {
    const events = chainOf(4);
    const damaged = events.map((e) => (e.position === 4 ? { ...e, position: 0 } : e));
    expect(verifyChainSync(damaged)).toMatchObject({ ok: false, checked: 3, firstBreak: { position: 4 } });
    expect(verifyChainSync(damaged).firstBreak?.reason).toBe('position 0 is not after 3');
  });
});
