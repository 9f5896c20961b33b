// docs/claim-records.md shows sample records (two claims, then a retraction, a correction and an
// event record) as the contract's examples: each is taken as written, with no note, and sending
// them again adds nothing, as the page says of every input.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { decodeEvent } from '@kb/domain';
import { MemoryEventStore } from '@kb/store';
import { describe, expect, it } from 'vitest';
import { ingest } from './ingest.js';

const page = fileURLToPath(new URL('../../../../../docs/claim-records.md', import.meta.url));

/** The lines of every ```json block of the page, in order. */
function sampleLines(): string[] {
  const blocks = [...readFileSync(page, 'utf8').matchAll(/^```json\n([\s\S]*?)^```$/gm)];
  return blocks.flatMap((b) => b[1]!.split('\n').filter((line) => line.trim() !== ''));
}

describe('docs/claim-records.md, its sample records', () => {
  it('are all taken as written, with no note, and a second run adds nothing', async () => {
    const lines = sampleLines();
    expect(lines.length).toBeGreaterThanOrEqual(5);
    const store = new MemoryEventStore();
    const first = await ingest(store, lines);
    expect({ rejected: first.rejected, notices: first.notices }).toEqual({ rejected: [], notices: [] });
    expect(first).toMatchObject({ records: lines.length, added: lines.length, skipped: 0 });
    const again = await ingest(store, lines);
    expect(again).toMatchObject({ added: 0, skipped: lines.length, rejectedLines: 0 });
  });

  it('file the denial written with the id tj-khorugh-consulate under the Khorog consulate', async () => {
    const store = new MemoryEventStore();
    await ingest(store, sampleLines());
    const claims: Record<string, string> = {};
    for await (const e of store.readAll({ filter: { eventTypes: ['ClaimRecorded'] } })) {
      const event = decodeEvent(e.type, e.version, e.data);
      if (event.type === 'ClaimRecorded') claims[event.data.claimId] = event.data.missionId;
    }
    expect(claims).toEqual({
      'diplomat-2023-03-khorog-visit': 'tj-khorog-consulate',
      'diplomat-2023-03-khorog-denial': 'tj-khorog-consulate',
    });
  });
});
