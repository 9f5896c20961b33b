// A claim's id, and a retraction's or correction's `claim`, in another script than Latin is rejected
// at its field (ingest-id-script.test.ts). The other fields that hold a claim id or a key normalised
// like one are held to the same: a claim's `respondsTo`, a correction's `changes.respondsTo` and a
// correction's own `id`. Otherwise "Хорог-2023" would answer claim "2023" without a word, and
// "Исправление-1" and "Поправка-1" would both be correction "1".
import { MemoryEventStore } from '@kb/store';
import { describe, expect, it } from 'vitest';
import { ingest } from '../run/ingest.js';
import { claims } from '../test-kit/ingest-test-kit.js';
import { claimRecord } from '../test-kit/test-records.js';

const lettersLost = (written: string, letters: string) =>
  expect.stringMatching(
    new RegExp(
      `^${JSON.stringify(written)} has letters an id cannot hold \\(${letters}\\), which are dropped`,
    ),
  );

describe('ingest: a claim reference with letters of another script', () => {
  it('rejects a respondsTo at its field, and answers no claim the letters left', async () => {
    const store = new MemoryEventStore();
    const report = await ingest(store, [
      claimRecord({ id: '2023' }),
      claimRecord({ id: 'denial', stance: 'denies', respondsTo: 'Хорог-2023', quote: 'no such visit' }),
    ]);
    expect(report).toMatchObject({ added: 1, rejectedLines: 1 });
    expect(report.rejected).toEqual([
      { line: 2, path: 'respondsTo', message: lettersLost('Хорог-2023', 'Хорг') },
    ]);
    expect((await claims(store)).map((c) => c.claimId)).toEqual(['2023']);
  });

  it("rejects a correction's changes.respondsTo at its field", async () => {
    const store = new MemoryEventStore();
    const report = await ingest(store, [
      claimRecord({ id: '2023' }),
      claimRecord({ id: 'denial', stance: 'denies', quote: 'no such visit' }),
      {
        type: 'correction',
        claim: 'denial',
        changes: { respondsTo: 'Душанбе-2023' },
        reason: 'it answers one',
      },
    ]);
    expect(report).toMatchObject({ added: 2, rejectedLines: 1 });
    expect(report.rejected).toEqual([
      { line: 3, path: 'changes.respondsTo', message: lettersLost('Душанбе-2023', 'Душан') },
    ]);
    expect((await claims(store)).map((c) => [c.claimId, c.respondsTo])).toEqual([
      ['2023', null],
      ['denial', null],
    ]);
  });

  it("rejects a correction's own id at id, so two such ids are not one correction", async () => {
    const store = new MemoryEventStore();
    const report = await ingest(store, [
      claimRecord({ id: '2023' }),
      { type: 'correction', id: 'Исправление-1', claim: '2023', changes: { quote: 'first' }, reason: 'r' },
      { type: 'correction', id: 'Поправка-1', claim: '2023', changes: { quote: 'second' }, reason: 'r' },
    ]);
    expect(report).toMatchObject({ added: 1, rejectedLines: 2 });
    expect(report.rejected).toEqual([
      { line: 2, path: 'id', message: lettersLost('Исправление-1', 'Испра') },
      { line: 3, path: 'id', message: lettersLost('Поправка-1', 'Попра') },
    ]);
  });

  it('does not name a claim line rejected for such an id as the line of the claim its letters left', async () => {
    const store = new MemoryEventStore();
    const report = await ingest(store, [
      claimRecord({ id: 'Хорог-2023' }),
      { type: 'retraction', claim: '2023', reason: 'withdrawn' },
    ]);
    expect(report.rejected).toEqual([
      { line: 1, path: 'id', message: lettersLost('Хорог-2023', 'Хорг') },
      {
        line: 2,
        path: 'claim',
        message: expect.stringMatching(/^no claim "2023" is stored or earlier in this input/),
      },
    ]);
  });

  it('takes a respondsTo in Latin letters the id folds away (Łódź), as it always has', async () => {
    const store = new MemoryEventStore();
    const report = await ingest(store, [
      claimRecord({ id: 'Łódź-visit' }),
      claimRecord({ id: 'denial', stance: 'denies', respondsTo: 'Łódź-visit', quote: 'no such visit' }),
    ]);
    expect(report).toMatchObject({ added: 2, rejectedLines: 0, notices: [] });
  });

  it('tells an id written only in another script by its letters, once at each field, not as an id without letters', async () => {
    const store = new MemoryEventStore();
    const report = await ingest(store, [
      claimRecord({ id: 'Хорог' }),
      claimRecord({ id: 'b', stance: 'denies', respondsTo: 'Хорог', quote: 'no such visit' }),
      { type: 'retraction', claim: 'Хорог', reason: 'withdrawn' },
      { type: 'correction', id: 'Хорог', claim: 'b', changes: { quote: 'q' }, reason: 'r' },
      { type: 'correction', claim: 'b', changes: { respondsTo: 'Хорог' }, reason: 'r' },
    ]);
    const letters = lettersLost('Хорог', 'Хорг');
    expect(report.rejected.filter((r) => r.path !== 'claim' || r.line === 3)).toEqual([
      { line: 1, path: 'id', message: letters },
      { line: 2, path: 'respondsTo', message: letters },
      { line: 3, path: 'claim', message: letters },
      { line: 4, path: 'id', message: letters },
      { line: 5, path: 'changes.respondsTo', message: letters },
    ]);
  });

  it("rejects a correction's own id at id saying it would name the same correction, the claim left as it was", async () => {
    const store = new MemoryEventStore();
    const report = await ingest(store, [
      claimRecord({ id: 'khorog-visit' }),
      {
        type: 'correction',
        id: 'Правка-1',
        claim: 'khorog-visit',
        changes: { stance: 'denies' },
        reason: 'misread',
      },
    ]);
    expect(report).toMatchObject({ added: 1, rejectedLines: 1 });
    expect(report.rejected).toEqual([
      {
        line: 2,
        path: 'id',
        message: expect.stringMatching(
          /^"Правка-1" has letters an id cannot hold \(Правк\).*would name the same correction:/,
        ),
      },
    ]);
  });
});
