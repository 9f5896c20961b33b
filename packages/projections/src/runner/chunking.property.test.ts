import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { centralAsiaFixture } from '../acceptance/central-asia-fixture.js';
import { foldKnowledge } from '../knowledge/knowledge-projection.js';
import { knowledgeView } from '../knowledge/knowledge-view.js';
import { overview } from '../queries/mission-control.js';
import { openReadModels } from '../read-models/sqlite-read-models.js';
import { dumpReadModels } from '../testing/dump-read-models.js';
import { assessEvent, correctEvent, recordAll, retractEvent } from '../testing/event-factory.js';
import { logImage } from '../testing/log-image.js';

const events = recordAll([
  ...centralAsiaFixture(),
  retractEvent('khorog-visit-2023-03-23', 'withdrawn'),
  correctEvent('dushanbe-remains-republic', { controller: 'taliban' }),
  assessEvent('termez-taken-earlier', 2),
]);

const image = await logImage(events);

function applyInChunks(sizes: readonly number[], replayFrom: readonly number[] = []) {
  const db = image.open();
  const models = openReadModels(db);
  let i = 0;
  let k = 0;
  while (i < events.length) {
    const size = sizes[k % sizes.length] ?? 1;
    const chunk = events.slice(i, i + size);
    models.applyChunk(chunk, chunk.at(-1)!.envelope.position);
    // Re-applying an already committed chunk (a retried delivery) must change nothing.
    if (replayFrom.includes(k)) models.applyChunk(chunk, chunk.at(-1)!.envelope.position);
    i += size;
    k += 1;
  }
  return { db, models };
}

describe('read models under any chunking', () => {
  const rebuilt = applyInChunks([events.length]);
  const expected = dumpReadModels(rebuilt.db);

  it('processing in random chunk sizes equals a rebuild from scratch', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 12 }), { minLength: 1, maxLength: 8 }),
        fc.array(fc.nat(20), { maxLength: 3 }),
        (sizes, replays) => {
          const { db } = applyInChunks(sizes, replays);
          expect(dumpReadModels(db)).toEqual(expected);
          db.close();
        },
      ),
      { numRuns: 60 },
    );
  });

  it('answers as the in-memory fold does, and two replays give identical output', () => {
    const memory = knowledgeView(foldKnowledge(events));
    expect(overview(rebuilt.models)).toEqual(overview(memory));
    expect(foldKnowledge(events)).toEqual(foldKnowledge(events));
    expect(dumpReadModels(applyInChunks([5]).db)).toEqual(dumpReadModels(applyInChunks([5]).db));
  });
});
