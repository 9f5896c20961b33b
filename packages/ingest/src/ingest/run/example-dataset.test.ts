import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { decodeEvent } from '@kb/domain';
import { MemoryEventStore } from '@kb/store';
import { describe, expect, it } from 'vitest';
import { ingest } from './ingest.js';

const dataset = fileURLToPath(new URL('../../../../../examples/central-asia-2023.ndjson', import.meta.url));
// The seed article sits beside the repository in the shared workspace, not in it.
const article = fileURLToPath(
  new URL('../../../../../../shared/sources/the-diplomat-2023-03-central-asia.txt', import.meta.url),
);

describe('examples/central-asia-2023.ndjson', () => {
  it('ingests whole, and the Khorog claims stand side by side with the denial linked to the visit', async () => {
    const store = new MemoryEventStore();
    const report = await ingest(store, dataset);
    expect(report).toMatchObject({ records: 15, added: 15, rejectedLines: 0 });
    const claims = [];
    for await (const e of store.readAll({ filter: { eventTypes: ['ClaimRecorded'] } })) {
      const event = decodeEvent(e.type, e.version, e.data);
      if (event.type === 'ClaimRecorded') claims.push(event.data);
    }
    const khorog = claims.filter((c) => c.missionId === 'tj-khorog-consulate');
    expect(khorog.map((c) => [c.claimId, c.stance, c.controller])).toEqual([
      ['diplomat-2023-03-khorog-visit', 'asserts', 'taliban'],
      ['diplomat-2023-03-khorog-denial', 'denies', 'unknown'],
      ['diplomat-2023-03-khorog-informal-control', 'asserts', 'taliban'],
    ]);
    expect(khorog[1]).toMatchObject({
      respondsTo: 'diplomat-2023-03-khorog-visit',
      via: [{ name: 'Tolo News' }],
    });
    expect(khorog[2]?.via).toEqual([{ name: 'Eurasianet', relation: 'cites' }]);
    expect(claims.find((c) => c.claimId === 'diplomat-2023-03-termez-takeover')?.occurred).toMatchObject({
      earliest: null,
      latest: '2022-08-31',
    });
    expect(claims.filter((c) => c.kind === 'appointment').map((c) => c.missionId)).toEqual([
      'cn-beijing-embassy',
      'ir-tehran-embassy',
      'pk-islamabad-embassy',
      'ru-moscow-embassy',
      'tm-ashgabat-embassy',
      'qa-doha-embassy',
      'tr-istanbul-consulate',
      'ae-dubai-consulate',
    ]);
    expect((await ingest(store, dataset)).skipped).toBe(15);
  });

  it.skipIf(!existsSync(article))(
    'quotes the article word for word (skipped when the shared article is not beside the repository)',
    () => {
      const text = readFileSync(article, 'utf8');
      const records = readFileSync(dataset, 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l));
      for (const record of records) expect(text).toContain(record.quote);
      expect(new Set(records.map((r) => r.source.url))).toEqual(
        new Set(['https://thediplomat.com/2023/03/talibans-diplomatic-presence-growing-in-central-asia/']),
      );
    },
  );
});
