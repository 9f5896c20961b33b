// A claim given an id whose content is that of a claim sent without one: two claims the writer most
// likely meant as one, stored as written with a note naming the other and how to make them one.
import { MemoryEventStore, type ReadStreamOptions } from '@kb/store';
import { describe, expect, it } from 'vitest';
import { ingest } from '../run/ingest.js';
import { claims } from '../test-kit/ingest-test-kit.js';
import { claimRecord, SOURCE } from '../test-kit/test-records.js';

const withoutId = (overrides: Record<string, unknown> = {}) => claimRecord({ id: undefined, ...overrides });
const withId = (id: string, overrides: Record<string, unknown> = {}) => claimRecord({ id, ...overrides });

/** The id the record without an id was stored under. */
async function derivedId(store: MemoryEventStore): Promise<string> {
  const derived = (await claims(store)).find((c) => c.claimId !== 'given');
  return derived!.claimId;
}

const note = (derived: string, where: string) => ({
  path: 'id',
  message: `claim "given" has the same content as claim "${derived}", ${where} without an id (whose id derives from its content): the two are two claims, each counted as an account. To make them one, give this line "id":"${derived}" or no id, so that it is that claim, and retract "given" if it is stored ({"type":"retraction","claim":"given","reason":"the same claim as ${derived}"})`,
});

describe('ingest: a claim with an id whose content a claim without one has', () => {
  it('is stored, with a note naming the claim stored without an id', async () => {
    const store = new MemoryEventStore();
    await ingest(store, [withoutId()]);
    const report = await ingest(store, [withId('given')]);
    expect(report).toMatchObject({ added: 1, rejectedLines: 0 });
    const derived = await derivedId(store);
    expect(report.notices).toEqual([{ line: 1, lines: 1, ...note(derived, 'stored') }]);
    // Run again, the line is already present, and the two are still two: noted again.
    const again = await ingest(store, [withId('given')]);
    expect(again).toMatchObject({ added: 0, skipped: 1, notices: [{ line: 1, ...note(derived, 'stored') }] });
  });

  it.each([1, 100])(
    'is noted when the claim without an id is earlier in this input (batch size %s)',
    async (batchSize) => {
      const store = new MemoryEventStore();
      const report = await ingest(
        store,
        [withoutId(), withId('other', { quote: 'another' }), withId('given')],
        {
          batchSize,
        },
      );
      expect(report).toMatchObject({ added: 3, rejectedLines: 0 });
      expect(report.notices).toEqual([
        { line: 3, lines: 1, ...note(await derivedId(store), 'earlier in this input') },
      ]);
    },
  );

  it.each([1, 100])(
    'is noted when the claim without an id is both earlier and later in the input (batch size %s)',
    async (batchSize) => {
      const store = new MemoryEventStore();
      const report = await ingest(store, [withoutId(), withId('given'), withoutId()], { batchSize });
      expect(report).toMatchObject({ added: 2, skipped: 1, rejectedLines: 0 });
      expect(report.notices).toEqual([
        { line: 2, lines: 1, ...note(await derivedId(store), 'earlier in this input') },
      ]);
    },
  );

  it.each([1, 100])(
    'is not noted when the claim without an id comes later in the input (batch size %s)',
    async (batchSize) => {
      const store = new MemoryEventStore();
      const report = await ingest(store, [withId('given'), withoutId()], { batchSize });
      expect(report).toMatchObject({ added: 2, notices: [] });
    },
  );

  it('is noted as stored when the claim without an id, stored before the run, is also later in the input', async () => {
    const store = new MemoryEventStore();
    await ingest(store, [withoutId()]);
    const report = await ingest(store, [withId('given'), withoutId()]);
    expect(report).toMatchObject({ added: 1, skipped: 1 });
    expect(report.notices).toEqual([{ line: 1, lines: 1, ...note(await derivedId(store), 'stored') }]);
  });

  it('is not noted when any of the content differs, or when the id given is the derived one', async () => {
    const store = new MemoryEventStore();
    await ingest(store, [withoutId()]);
    const derived = await derivedId(store);
    const report = await ingest(store, [
      withId('given', { quote: 'other words' }),
      withId('given-2', { claimant: 'someone else' }),
      withId(derived),
    ]);
    expect(report).toMatchObject({ added: 2, skipped: 1, notices: [] });
  });

  it('looks up nothing for it when every report named is new to the store and has no claim without an id', async () => {
    const reads: string[] = [];
    class Counting extends MemoryEventStore {
      override readStream(stream: string, options?: ReadStreamOptions) {
        reads.push(stream);
        return super.readStream(stream, options);
      }
    }
    const counting = new Counting();
    await ingest(counting, [withoutId()]);
    reads.length = 0;
    const report = await ingest(
      counting,
      Array.from({ length: 20 }, (_, i) =>
        withId(`new-${i}`, {
          source: { ...SOURCE, url: `https://example.org/${i % 4}`, published: '2024-01-01' },
        }),
      ),
    );
    expect(report).toMatchObject({ added: 20, notices: [] });
    // Nothing looked up: the run stored these reports, and no claim without an id under them.
    expect(reads.filter((s) => s.startsWith('claim-') || s.startsWith('report-'))).toEqual([]);
    // Under the stored report, each claim with an id is looked up.
    reads.length = 0;
    await ingest(counting, [withId('x', { quote: 'x' }), withId('y', { quote: 'y' })]);
    expect(reads.filter((s) => s.startsWith('claim-'))).toHaveLength(2);
  });
});
