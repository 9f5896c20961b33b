// What a batch's commit says and does, where a mutation tester found it unchecked: a line the store
// refused leaves nothing behind for a later batch to be compared with, a claim resent under another
// mission and another URL is pointed at the retraction advice, a report registered in an earlier
// batch is what a later title is compared with, and an old stored version the store cannot read is
// not taken for the same event.
import { canonicalJson, MemoryEventStore } from '@kb/store';
import { describe, expect, it } from 'vitest';
import { ingest } from '../run/ingest.js';
import { all, claims } from '../test-kit/ingest-test-kit.js';
import { claimRecord, SOURCE } from '../test-kit/test-records.js';

const DUSHANBE = { country: 'Tajikistan', city: 'Dushanbe', kind: 'embassy' };
const OTHER_SOURCE = { ...SOURCE, url: 'https://thediplomat.com/2023/03/another-article/' };

describe('ingest: batches', () => {
  it('forgets the content of a line the store refused once its batch is committed (batch size 1)', async () => {
    const store = new MemoryEventStore();
    await ingest(store, [claimRecord({ id: 'x' })]);
    const report = await ingest(
      store,
      [
        claimRecord({ id: 'x', stance: 'denies' }), // 1: refused at its commit: x is stored as asserts
        claimRecord({ id: 'unrelated' }), // 2
        claimRecord({ id: 'x' }), // 3: the stored claim exactly
      ],
      { batchSize: 1 },
    );
    expect(report).toMatchObject({ added: 1, skipped: 1, rejectedLines: 1 });
    expect(report.rejected.map((r) => [r.line, r.path])).toEqual([[1, 'id']]);
    expect((await claims(store)).map((c) => [c.claimId, c.stance])).toEqual([
      ['x', 'asserts'],
      ['unrelated', 'asserts'],
    ]);
  });

  it('tells a stored claim resent under another mission and another URL that a correction cannot change its source', async () => {
    const store = new MemoryEventStore();
    await ingest(store, [claimRecord({ id: 'x' })]);
    const report = await ingest(store, [claimRecord({ id: 'x', mission: DUSHANBE, source: OTHER_SOURCE })]);
    expect(report).toMatchObject({ added: 0, rejectedLines: 1 });
    expect(report.rejected[0]?.path).toBe('id');
    expect(report.rejected[0]?.message).toMatch(
      /^claim "x" is already stored with different content \(source\.url \(or source\.title, without a URL\), mission differ\); nothing was changed\. A correction cannot change a claim's source\./,
    );
  });

  it('says so too when the source is not the first field that differs (a claim stored with its keys in another order)', async () => {
    // Another writer stored the claims with their data's keys sorted, as canonical JSON writes
    // them: missionId then comes before reportId, and "mission" first in what differs.
    const seed = new MemoryEventStore();
    await ingest(seed, [
      claimRecord({ id: 'x' }),
      claimRecord({ id: 'y', mission: DUSHANBE, source: OTHER_SOURCE }),
    ]);
    const store = new MemoryEventStore();
    for (const e of await all(seed)) {
      const data = e.type === 'ClaimRecorded' ? JSON.parse(canonicalJson(e.data)) : e.data;
      await store.append(e.stream, [{ id: e.id, type: e.type, version: e.version, data }]);
    }
    const y = (await all(store)).find(
      (e) => e.type === 'ClaimRecorded' && (e.data as { claimId: string }).claimId === 'y',
    )!;
    // Claim y's content sent as a raw ClaimRecorded of claim x: another mission and another report.
    const report = await ingest(store, [
      { type: 'event', event: { type: 'ClaimRecorded', data: { ...(y.data as object), claimId: 'x' } } },
    ]);
    expect(report).toMatchObject({ added: 0, rejectedLines: 1 });
    expect(report.rejected.map((r) => r.path)).toEqual(['event.data.missionId', 'event.data.reportId']);
    const message = report.rejected[0]?.message ?? '';
    expect(message).toMatch(
      /^claim "x" is already stored with different content \(mission, source\.url \(or source\.title, without a URL\) differ\); nothing was changed\. A correction cannot change a claim's source\./,
    );
    expect(message).not.toContain('send a correction record');
  });

  it('refuses a correction without an id whose event an earlier line of the input stored with other content', async () => {
    // A correction's key takes a missing credibility as 6, as ClaimCorrected v1 wrote it
    // (event-keys.ts), so these two share an event id with other changes.
    const correction = (changes: Record<string, unknown>) => ({
      type: 'correction',
      claim: 'x',
      changes,
      reason: 'misread',
      by: 'analyst',
    });
    for (const batchSize of [100, 1]) {
      const store = new MemoryEventStore();
      await ingest(store, [claimRecord({ id: 'x' })]);
      const report = await ingest(
        store,
        [correction({ occurred: '2023-03-21' }), correction({ occurred: '2023-03-21', credibility: 6 })],
        { batchSize },
      );
      expect(report).toMatchObject({ added: 1, rejectedLines: 1 });
      expect(report.rejected[0]).toMatchObject({ line: 2, path: '' });
      expect(report.rejected[0]?.message).toMatch(
        /^a correction of claim "x" under this one's id appears earlier in this input \(line 1\) with different content \(changes differs\); a correction without an "id" is known by its claim, changes, reason and by, credibility left out counting as 6; to store this one beside it, give it an "id" of its own \(stored if it still changes the claim\)$/,
      );
      // Not the claim's advice, which would send a correction to correct a correction.
      expect(report.rejected[0]?.message).not.toContain('send a correction record');
    }
  });

  it('tells a correction whose id a stored one holds with other content to take an id of its own, which stores it', async () => {
    const correction = (changes: Record<string, unknown>, id?: string) => ({
      type: 'correction',
      ...(id === undefined ? {} : { id }),
      claim: 'x',
      changes,
      reason: 'misread',
      by: 'analyst',
    });
    const store = new MemoryEventStore();
    await ingest(store, [claimRecord({ id: 'x', credibility: 2 }), correction({ occurred: '2023-03-21' })]);
    const refused = await ingest(store, [correction({ occurred: '2023-03-21', credibility: 6 })]);
    expect(refused).toMatchObject({ added: 0, rejectedLines: 1 });
    expect(refused.rejected[0]?.message).toMatch(
      /^a correction of claim "x" is already stored under this one's id \([0-9a-f-]{36}\) with different content \(changes differs\); nothing was changed\. A correction without an "id" is known by its claim, changes, reason and by, credibility left out counting as 6; to store this one beside it, give it an "id" of its own \(stored if it still changes the claim\)$/,
    );
    // As an event record it cannot take an id: it is told to come as a correction record.
    const [stored] = (await all(store)).filter((e) => e.type === 'ClaimCorrected');
    const data = stored!.data as { changes: Record<string, unknown> };
    const asEvent = await ingest(store, [
      {
        type: 'event',
        event: { type: 'ClaimCorrected', data: { ...data, changes: { ...data.changes, credibility: 6 } } },
      },
    ]);
    expect(asEvent.rejected[0]?.message).toMatch(
      /; to store this one beside it, send it as a correction record with an "id" of its own \(stored if it still changes the claim\)$/,
    );
    // Followed, the advice stores it beside the first, setting the credibility.
    const followed = await ingest(store, [
      correction({ occurred: '2023-03-21', credibility: 6 }, 'set-credibility'),
    ]);
    expect(followed).toMatchObject({ added: 1, rejectedLines: 0 });
    const corrections = (await all(store)).filter((e) => e.type === 'ClaimCorrected');
    expect(corrections.map((e) => (e.data as { changes: unknown }).changes)).toEqual([
      { occurred: expect.objectContaining({ text: '2023-03-21' }) },
      { occurred: expect.objectContaining({ text: '2023-03-21' }), credibility: 6 },
    ]);
  });

  it("notes a report's other title on a line of a later batch than the one that registered it", async () => {
    const store = new MemoryEventStore();
    const report = await ingest(
      store,
      [claimRecord({ id: 'a' }), claimRecord({ id: 'b', source: { ...SOURCE, title: 'Another Title' } })],
      { batchSize: 1 },
    );
    expect(report).toMatchObject({ added: 2, rejectedLines: 0 });
    const notes = report.notices.filter((n) => n.path === 'source');
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatchObject({ line: 2 });
    expect(notes[0]?.message).toMatch(
      new RegExp(
        `^report "[^"]+" stays as first registered: title ${JSON.stringify(SOURCE.title)} \\(this line: "Another Title"\\)$`,
      ),
    );
    const captured = (await all(store)).filter((e) => e.type === 'ReportCaptured');
    expect(captured.map((e) => (e.data as { title: string }).title)).toEqual([SOURCE.title]);
  });
});
