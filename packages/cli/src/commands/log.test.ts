import { MemoryEventStore, type StoredEvent } from '@kb/store';
import { describe, expect, it } from 'vitest';
import type { LogOptions } from '../args/parse-args.js';
import { portRows } from './log.js';

// kb log through the store port, as it reads EventStoreDB (the embedded file is read row by row:
// end-to-end/kb-read.test.ts and verify-chain.test.ts). The memory store serves the same port.
async function fixture(): Promise<{ store: MemoryEventStore; all: StoredEvent[] }> {
  const store = new MemoryEventStore();
  // claim-10's events come first: a prefix read for claim-1 meets them before any of claim-1's.
  for (const stream of ['claim-10', 'claim-10', 'claim-10', 'claim-1', 'claim-2', 'claim-1']) {
    await store.append(stream, [
      {
        id: crypto.randomUUID(),
        type: stream === 'claim-2' ? 'Other' : 'Seen',
        version: 1,
        data: { stream },
      },
    ]);
  }
  const all: StoredEvent[] = [];
  for await (const e of store.readAll()) all.push(e);
  return { store, all };
}

const options = (o: Partial<LogOptions>): LogOptions => ({
  from: 1,
  limit: 50,
  run: null,
  type: null,
  stream: null,
  ...o,
});

async function collect(rows: AsyncIterable<unknown>): Promise<unknown[]> {
  const out: unknown[] = [];
  for await (const r of rows) out.push(r);
  return out;
}

describe('kb log through the port', () => {
  it('finds an exact stream past other streams that share its prefix, however small the limit', async () => {
    const { store, all } = await fixture();
    expect(await collect(portRows(store, options({ stream: 'claim-1', limit: 1 })))).toEqual(
      all.filter((e) => e.stream === 'claim-1'),
    );
  });

  it('reads from a position, by type, and no further than one past the limit when nothing is checked after', async () => {
    const { store, all } = await fixture();
    expect(await collect(portRows(store, options({ from: 4 })))).toEqual(all.slice(3));
    expect(await collect(portRows(store, options({ type: 'Other' })))).toEqual(
      all.filter((e) => e.type === 'Other'),
    );
    expect(await collect(portRows(store, options({ limit: 2 })))).toEqual(all.slice(0, 3));
  });
});
