import { describe, expect, it } from 'vitest';
import { GENESIS_HASH } from '../integrity/chain-hash.js';
import { deterministicId } from '../integrity/deterministic-id.js';
import { EventIdConflictError, WrongExpectedRevisionError } from '../port/errors.js';
import type { NewEvent, StoredEvent } from '../port/event-store.js';
import { planAppend, streamStateOf } from './eventstoredb-append-plan.js';
import { eventStoreDbHash, verifyLogPerStream, verifyStreamChain } from './eventstoredb-chain.js';

const AT = '2026-01-02T03:04:05.000Z';
const STREAM = 'mission-khorog';

function claim(key: string, quote = `quote ${key}`): NewEvent {
  return {
    id: deterministicId('ClaimRecorded', key),
    type: 'ClaimRecorded',
    version: 1,
    data: { quote },
    metadata: { ingestRunId: 'run-1' },
  };
}

/** What the server would hold after the plan's events were written at positions 100, 200, ... */
function stored(events: readonly NewEvent[]): StoredEvent[] {
  const plan = planAppend(STREAM, streamStateOf([]), events, 'no_stream', AT);
  if (plan.kind !== 'write') throw new Error('expected a write');
  return plan.events.map((event, index) => ({ ...event, position: (index + 1) * 100 }));
}

describe('planAppend', () => {
  it('chains new events from genesis with revisions from 0', () => {
    const plan = planAppend(STREAM, streamStateOf([]), [claim('a'), claim('b')], 'no_stream', AT);
    expect(plan.kind).toBe('write');
    if (plan.kind !== 'write') return;
    const [first, second] = plan.events;
    expect(first).toMatchObject({ revision: 0, prevHash: GENESIS_HASH, recordedAt: AT, stream: STREAM });
    expect(second).toMatchObject({ revision: 1, prevHash: first?.hash });
    expect(first?.hash).toBe(eventStoreDbHash({ ...first!, position: 12345 }));
  });

  it('continues the chain from the stream as read', () => {
    const existing = stored([claim('a')]);
    const plan = planAppend(STREAM, streamStateOf(existing), [claim('b')], 0, AT);
    expect(plan).toMatchObject({ kind: 'write', events: [{ revision: 1, prevHash: existing[0]?.hash }] });
  });

  it('writes nothing for a retried append, whatever its expectation said', () => {
    const existing = stored([claim('a'), claim('b')]);
    expect(planAppend(STREAM, streamStateOf(existing), [claim('a'), claim('b')], 'no_stream', AT)).toEqual({
      kind: 'nothing',
    });
  });

  it('writes nothing for a retry of a single stored event, whatever its expectation said', () => {
    const existing = stored([claim('a')]);
    // 'no_stream' as when the first try wrote it; 1 a revision the stream does not have.
    for (const expected of ['no_stream', 1] as const)
      expect(planAppend(STREAM, streamStateOf(existing), [claim('a')], expected, AT)).toEqual({
        kind: 'nothing',
      });
  });

  it('writes only the new events of a partly repeated append, after checking the expectation', () => {
    const existing = stored([claim('a')]);
    const plan = planAppend(STREAM, streamStateOf(existing), [claim('a'), claim('b')], 'stream_exists', AT);
    expect(plan).toMatchObject({ kind: 'write', events: [{ id: claim('b').id, revision: 1 }] });
    expect(() =>
      planAppend(STREAM, streamStateOf(existing), [claim('a'), claim('b')], 'no_stream', AT),
    ).toThrow(WrongExpectedRevisionError);
  });

  it('refuses a known id with other content, and one id twice in a batch with different content', () => {
    const existing = stored([claim('a')]);
    expect(() => planAppend(STREAM, streamStateOf(existing), [claim('a', 'edited')], 'any', AT)).toThrow(
      EventIdConflictError,
    );
    const twice = [claim('c'), claim('c', 'other')];
    expect(() => planAppend(STREAM, streamStateOf([]), twice, 'any', AT)).toThrow(/offered twice/);
    const same = planAppend(STREAM, streamStateOf([]), [claim('c'), claim('c')], 'any', AT);
    expect(same).toMatchObject({ kind: 'write', events: [{ revision: 0 }] });
  });

  it('names stream, expectation and actual revision when the expectation fails', () => {
    const existing = stored([claim('a'), claim('b')]);
    try {
      planAppend(STREAM, streamStateOf(existing), [claim('c')], 0, AT);
      expect.unreachable();
    } catch (error) {
      expect(error).toMatchObject({ stream: STREAM, expected: 0, actual: 1 });
    }
    expect(() => planAppend(STREAM, streamStateOf([]), [claim('c')], 'stream_exists', AT)).toThrow(
      expect.objectContaining({ actual: -1 }),
    );
  });

  it('refuses a negative expected revision and data that is not JSON', () => {
    expect(() => planAppend(STREAM, streamStateOf([]), [claim('a')], -1, AT)).toThrow(RangeError);
    const bad = { ...claim('a'), data: undefined };
    expect(() => planAppend(STREAM, streamStateOf([]), [bad], 'any', AT)).toThrow(TypeError);
  });

  it('still checks the expectation of an empty append', () => {
    expect(() => planAppend(STREAM, streamStateOf([]), [], 'stream_exists', AT)).toThrow(
      WrongExpectedRevisionError,
    );
    expect(planAppend(STREAM, streamStateOf([]), [], 'no_stream', AT)).toEqual({ kind: 'nothing' });
  });
});

describe('verifyStreamChain', () => {
  it('accepts a chain as planned, whatever positions the server gave', async () => {
    expect(await verifyStreamChain(stored([claim('a'), claim('b'), claim('c')]))).toBeNull();
  });

  it('names the revision of an altered, removed or reordered event', async () => {
    const events = stored([claim('a'), claim('b'), claim('c')]);
    const [a, b, c] = events as [StoredEvent, StoredEvent, StoredEvent];
    const altered = [a, { ...b, data: { quote: 'forged' } }, c];
    expect(await verifyStreamChain(altered)).toMatchObject({
      revision: 1,
      reason: expect.stringMatching(/hash/),
    });
    expect(await verifyStreamChain([a, c])).toMatchObject({ revision: 2 });
    expect(await verifyStreamChain([a, { ...c, revision: 1 }, { ...b, revision: 2 }])).toMatchObject({
      revision: 1,
      reason: expect.stringMatching(/previous-hash/),
    });
  });

  it('names a skipped revision even when the link and hash were computed again to match', async () => {
    const [a, b] = stored([claim('a'), claim('b')]) as [StoredEvent, StoredEvent];
    // b moved to revision 2, linked to a and its hash computed again: only the revision tells.
    const { hash: _old, ...moved } = { ...b, revision: 2 };
    const skipped = { ...moved, hash: eventStoreDbHash(moved) };
    expect(skipped.prevHash).toBe(a.hash);
    expect(await verifyStreamChain([a, skipped])).toEqual({
      revision: 2,
      reason: 'expected revision 1 here',
    });
  });
});

describe('verifyLogPerStream', () => {
  function twoStreams(): StoredEvent[] {
    const planOf = (stream: string, keys: string[]) => {
      const plan = planAppend(
        stream,
        streamStateOf([]),
        keys.map((k) => claim(k)),
        'no_stream',
        AT,
      );
      if (plan.kind !== 'write') throw new Error('expected a write');
      return plan.events;
    };
    const [a0, a1] = planOf('claim-a', ['a0', 'a1']);
    const [b0, b1] = planOf('claim-b', ['b0', 'b1']);
    // Interleaved in $all order, positions as the server would give them.
    return [a0!, b0!, a1!, b1!].map((event, i) => ({ ...event, position: (i + 1) * 10 }));
  }

  it('accepts interleaved streams whose chains each hold, counting every event', async () => {
    expect(await verifyLogPerStream(twoStreams())).toMatchObject({ ok: true, checked: 4, firstBreak: null });
  });

  it('names the $all position of the first altered or missing event', async () => {
    const [a0, b0, a1, b1] = twoStreams() as [StoredEvent, StoredEvent, StoredEvent, StoredEvent];
    const altered = await verifyLogPerStream([a0, b0, { ...a1, data: { quote: 'forged' } }, b1]);
    expect(altered).toMatchObject({ ok: false, checked: 2, firstBreak: { position: 30 } });
    expect(altered.firstBreak?.reason).toMatch(/altered/);
    const removed = await verifyLogPerStream([b0, a1, b1]);
    expect(removed).toMatchObject({ ok: false, firstBreak: { position: 30 } });
    expect(removed.firstBreak?.reason).toMatch(/jumps from revision -1 to 1/);
  });
});
