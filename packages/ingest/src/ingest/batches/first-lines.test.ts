// What the first-lines tables hold: the line of each claim and correction, whose key a later line
// giving other content is refused naming: keyed by an id the writer chose (a claim's `id`, a
// correction's own `id`) or by content (a claim's derived id, a correction's content key), each kind
// in a table of its own.
import { deterministicId, type StoredEvent } from '@kb/store';
import { describe, expect, it } from 'vitest';
import type { PreparedRecord } from '../prepare/prepared-record.js';
import { FirstLines } from './first-lines.js';

type Kind = 'claim with an id' | 'claim without an id' | 'correction with an id' | 'correction';

function record(kind: Kind, line: number): PreparedRecord {
  const key = `${kind.replaceAll(' ', '-')}-${line}`;
  const claim = kind.startsWith('claim') ? { claimId: key, published: '2023-03-28' } : null;
  return {
    line,
    text: '',
    key,
    own: [
      {
        stream: `claim-${key}`,
        event: { id: deterministicId('Event', key), type: 'T', version: 1, data: {} },
      },
    ],
    needs: [],
    notices: [],
    claim: claim === null ? null : kind === 'claim without an id' ? { ...claim, derived: true } : claim,
    ...(kind.startsWith('correction')
      ? { correction: { claimId: 'c', id: kind === 'correction' ? null : key, stale: [] } }
      : {}),
  };
}

/** The stored event of `taken`, as the store gives it back, stored by another run (not "run-1"). */
function twin(taken: PreparedRecord): StoredEvent {
  const { event } = taken.own[0]!;
  return {
    ...event,
    metadata: { ingestRunId: 'an earlier run' },
    stream: taken.own[0]!.stream,
    revision: 0,
    position: 7,
    recordedAt: '',
    hash: '',
    prevHash: '',
  } as StoredEvent;
}

describe('FirstLines', () => {
  it('keeps the line of a claim or correction, given an id or keyed by its content', () => {
    const lines = new FirstLines('run-1');
    const records = (
      ['claim with an id', 'claim without an id', 'correction with an id', 'correction'] as const
    ).map((kind, i) => record(kind, i + 1));
    lines.taken(records);
    expect(records.map((r) => lines.earlier(twin(r)))).toEqual([
      { line: 1 },
      { line: 2 },
      { line: 3 },
      { line: 4 },
    ]);
  });

  it('keeps no line of a raw event that is neither a claim nor a correction (its content is its key)', () => {
    const lines = new FirstLines('run-1');
    const raw: PreparedRecord = { ...record('claim with an id', 1), claim: null, key: 'event:1' };
    lines.taken([raw]);
    expect(lines.earlier(twin(raw))).toBeNull();
  });

  it('keeps the lines of claims with an id however many claims without one come between', () => {
    // Generations of 4: the tables hold 4 to 8 keyed lines, whatever else the run takes.
    const lines = new FirstLines('run-1', 4);
    const first = record('claim with an id', 1);
    lines.taken([first]);
    for (let line = 2; line <= 1_001; line += 10)
      lines.taken(Array.from({ length: 10 }, (_, k) => record('claim without an id', line + k)));
    const last = record('claim with an id', 1_002);
    lines.taken([last]);
    expect([lines.earlier(twin(first)), lines.earlier(twin(last))]).toEqual([{ line: 1 }, { line: 1_002 }]);
    // Keyed lines still age out as they always did.
    for (let line = 1_003; line < 1_013; line++) lines.taken([record('claim with an id', line)]);
    expect(lines.earlier(twin(first))).toBeNull();
  });

  it('keeps the lines of the last claims and corrections without an id, which age out among themselves', () => {
    const lines = new FirstLines('run-1', 4);
    const first = record('claim without an id', 1);
    const correction = record('correction', 2);
    lines.taken([first, correction]);
    // Claims with an id, however many, leave the table of the others alone.
    for (let line = 3; line < 103; line++) lines.taken([record('claim with an id', line)]);
    expect([lines.earlier(twin(first)), lines.earlier(twin(correction))]).toEqual([{ line: 1 }, { line: 2 }]);
    // Ten more without an id: the table holds 4 to 8, so the first ages out and the last stays.
    const more = Array.from({ length: 10 }, (_, k) => record('claim without an id', 103 + k));
    for (const r of more) lines.taken([r]);
    expect([lines.earlier(twin(first)), lines.earlier(twin(more.at(-1)!))]).toEqual([null, { line: 112 }]);
  });
});
