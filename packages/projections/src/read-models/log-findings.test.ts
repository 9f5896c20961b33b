import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { HashedLogCut } from './log-cut.js';
import { readLogFindings, recordLogCut } from './log-findings.js';

// recordLogCut keeps each finding once: the same cut found again by a second command adds no row,
// but the same checkpoint found cut another way (the log ended before it, then held another event
// there) is another finding, kept beside the first.
const open: Database.Database[] = [];
afterEach(() => {
  for (const db of open.splice(0)) db.close();
});

function fresh(): Database.Database {
  const db = new Database(':memory:');
  open.push(db);
  return db;
}

const APPLIED = 'a'.repeat(64);
const pastEnd: HashedLogCut = {
  checkpoint: 31,
  logEnd: 29,
  kind: 'past-end',
  appliedHash: APPLIED,
  loggedHash: null,
};
const replaced: HashedLogCut = {
  checkpoint: 31,
  logEnd: 35,
  kind: 'replaced',
  appliedHash: APPLIED,
  loggedHash: 'b'.repeat(64),
};

describe('recordLogCut', () => {
  it('finds nothing in a file that never kept a finding', () => {
    expect(readLogFindings(fresh())).toEqual([]);
  });

  it('keeps one checkpoint found cut two ways as two findings, and an exact repeat of either once', () => {
    const db = fresh();
    recordLogCut(db, pastEnd, new Date('2024-05-01T10:00:00.000Z'));
    recordLogCut(db, replaced, new Date('2024-05-01T11:00:00.000Z'));
    const both = [
      {
        foundAt: '2024-05-01T10:00:00.000Z',
        position: 31,
        expectedHash: APPLIED,
        foundHash: null,
        logEnd: 29,
      },
      {
        foundAt: '2024-05-01T11:00:00.000Z',
        position: 31,
        expectedHash: APPLIED,
        foundHash: 'b'.repeat(64),
        logEnd: 35,
      },
    ];
    expect(readLogFindings(db)).toEqual(both);
    recordLogCut(db, pastEnd, new Date('2024-05-01T12:00:00.000Z'));
    recordLogCut(db, replaced, new Date('2024-05-01T13:00:00.000Z'));
    expect(readLogFindings(db)).toEqual(both);
  });
});
