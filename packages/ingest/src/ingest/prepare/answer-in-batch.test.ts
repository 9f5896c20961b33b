// An answer to a claim earlier in its own batch: the note naming the claim's other mission is told
// once the batch is committed (noteTarget), as it stood at the answer's line, in its place among
// the line's notes, and without reading the claim's stream when the batch started it.
import { MemoryEventStore, type ReadStreamOptions } from '@kb/store';
import { describe, expect, it } from 'vitest';
import { ingest } from '../run/ingest.js';
import { claimRecord, SOURCE } from '../test-kit/test-records.js';

const DUSHANBE = { country: 'Tajikistan', city: 'Dushanbe', kind: 'embassy' };
const KHOROG = 'tj-khorog-consulate';

const answer = (id: string, respondsTo: string, mission: unknown, extra: Record<string, unknown> = {}) =>
  claimRecord({ id, mission, stance: 'denies', controller: 'unknown', respondsTo, ...extra });

const otherMission = (target: string, theirs: string, ours: string) =>
  `claim "${target}" is about mission "${theirs}", and this claim is about mission "${ours}": stored as written, the answer shows in the trace of "${target}", and, if it denies or disputes, in the account of mission "${theirs}" too, marked as filed under "${ours}"`;

/** A memory store that counts the reads of each stream. */
class CountingStore extends MemoryEventStore {
  readonly reads = new Map<string, number>();
  override readStream(stream: string, options?: ReadStreamOptions) {
    this.reads.set(stream, (this.reads.get(stream) ?? 0) + 1);
    return super.readStream(stream, options);
  }
}

describe('ingest: an answer to a claim of its own batch', () => {
  it('is told of the claim’s other mission without reading the stream the batch started', async () => {
    const store = new CountingStore();
    const report = await ingest(store, [
      claimRecord({ id: 'dushanbe-visit', mission: DUSHANBE }),
      answer('other-mission', 'dushanbe-visit', KHOROG),
      answer('same-mission', 'dushanbe-visit', DUSHANBE),
    ]);
    expect(report).toMatchObject({ added: 3, rejectedLines: 0 });
    expect(report.notices).toEqual([
      {
        line: 2,
        lines: 1,
        path: 'respondsTo',
        message: otherMission('dushanbe-visit', 'tj-dushanbe-embassy', KHOROG),
      },
    ]);
    expect(store.reads.get('claim-dushanbe-visit') ?? 0).toBe(0);
  });

  it('keeps the note in its place: after the line’s own notes, before those its commit adds', async () => {
    const store = new MemoryEventStore();
    const report = await ingest(store, [
      claimRecord({ id: 'dushanbe-visit', mission: DUSHANBE }),
      // Dated after its report's publication (a note before respondsTo's), and naming the report with
      // another title (a note the commit adds, as two lines of one batch register it).
      answer('other-mission', 'dushanbe-visit', KHOROG, {
        occurred: '2023-04-02',
        source: { ...SOURCE, title: 'Another title' },
      }),
    ]);
    expect(report).toMatchObject({ added: 2, rejectedLines: 0 });
    const line2 = report.notices.filter((n) => n.line === 2).map((n) => n.path);
    expect(line2).toEqual(['occurred', 'respondsTo', expect.stringMatching(/^source/)]);
  });

  it('is told the mission as the claim stood at the answer’s line, not after a later correction', async () => {
    const store = new MemoryEventStore();
    const report = await ingest(store, [
      claimRecord({ id: 'dushanbe-visit', mission: DUSHANBE }),
      answer('before-move', 'dushanbe-visit', KHOROG),
      { type: 'correction', claim: 'dushanbe-visit', changes: { mission: KHOROG }, reason: 'misread' },
      answer('after-move', 'dushanbe-visit', DUSHANBE),
    ]);
    expect(report).toMatchObject({ added: 4, rejectedLines: 0 });
    expect(report.notices.filter((n) => n.path === 'respondsTo')).toEqual([
      expect.objectContaining({
        line: 2,
        message: otherMission('dushanbe-visit', 'tj-dushanbe-embassy', KHOROG),
      }),
      expect.objectContaining({
        line: 4,
        message: otherMission('dushanbe-visit', KHOROG, 'tj-dushanbe-embassy'),
      }),
    ]);
  });

  it('reads the stored history when the claim was stored before: a correction stored earlier stands', async () => {
    const store = new CountingStore();
    const claim = claimRecord({ id: 'dushanbe-visit', mission: DUSHANBE });
    await ingest(store, [
      claim,
      { type: 'correction', claim: 'dushanbe-visit', changes: { mission: KHOROG }, reason: 'misread' },
    ]);
    store.reads.clear();
    // The claim's line again (found present), then two answers in the same batch.
    const report = await ingest(store, [
      claim,
      answer('about-khorog', 'dushanbe-visit', KHOROG),
      answer('about-dushanbe', 'dushanbe-visit', DUSHANBE),
    ]);
    expect(report).toMatchObject({ added: 2, skipped: 1, rejectedLines: 0 });
    expect(report.notices.filter((n) => n.path === 'respondsTo')).toEqual([
      expect.objectContaining({
        line: 3,
        message: otherMission('dushanbe-visit', KHOROG, 'tj-dushanbe-embassy'),
      }),
    ]);
    expect(store.reads.get('claim-dushanbe-visit') ?? 0).toBeGreaterThan(0);
  });
});
