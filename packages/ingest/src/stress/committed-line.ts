// The line ingest-child.ts prints per committed batch, read back by field name, so a change to the
// line's layout fails loudly here instead of shifting which number a check reads.

import type { CommittedBatch as ReportedBatch } from '../ingest/run/ingest-report.js';

/** One batch as the child reported it committed: the report's batch, less its event count. */
export type CommittedBatch = Omit<ReportedBatch, 'eventsAppended'>;

const FIELDS = {
  batch: 'batch',
  firstLine: 'first',
  lastLine: 'last',
  added: 'added',
  skipped: 'skipped',
  rejected: 'rejected',
} as const;

/** True for a `committed ...` line; the only lines parseCommitted accepts. */
export const isCommittedLine = (line: string): boolean => line.startsWith('committed ');

/** `committed batch=3 first=201 last=300 added=100 skipped=0 rejected=0` -> its fields; throws if one is missing. */
export function parseCommitted(line: string): CommittedBatch {
  if (!isCommittedLine(line)) throw new Error(`not a committed line: ${JSON.stringify(line)}`);
  const named = new Map(
    line
      .slice('committed '.length)
      .split(' ')
      .map((pair) => pair.split('=') as [string, string]),
  );
  const read = (name: string): number => {
    const value = Number(named.get(name));
    if (!Number.isInteger(value) || value < 0)
      throw new Error(`committed line without a whole ${name}=: ${JSON.stringify(line)}`);
    return value;
  };
  const out = Object.fromEntries(Object.entries(FIELDS).map(([key, name]) => [key, read(name)]));
  return out as unknown as CommittedBatch;
}
