// The peer bench's append workloads, shared with the tools that explain its figures
// (bench/tools/writer-thread-probe.ts runs the same appends of 100).
import type { ClaimEvent } from '../lib/claim-fixtures.js';
import type { PlannedCall } from './bench-sides.js';

export type WorkloadKey = 'append1' | 'append20' | 'append100';

/** `streams` streams, each given `callsPerStream` appends of `size` events. */
export interface WorkloadShape {
  readonly streams: number;
  readonly callsPerStream: number;
  readonly size: number;
}

export interface Workload {
  readonly key: WorkloadKey;
  readonly label: string;
  readonly calls: readonly PlannedCall[];
  readonly events: number;
}

/** The appends of 100 events at full size: 50,000 events. */
export const APPEND100_SHAPE: WorkloadShape = { streams: 100, callsPerStream: 5, size: 100 };

/**
 * The calls of a workload, interleaved across streams; the events are the main bench's claim
 * fixtures (bench/lib/claim-fixtures.ts).
 */
export function plan(
  key: WorkloadKey,
  label: string,
  fixtures: readonly ClaimEvent[],
  shape: WorkloadShape,
): Workload {
  const { streams, callsPerStream, size } = shape;
  const total = streams * callsPerStream * size;
  if (fixtures.length < total)
    throw new RangeError(`${key}: ${total} events asked, ${fixtures.length} fixtures`);
  const calls: PlannedCall[] = [];
  let next = 0;
  for (let k = 0; k < callsPerStream; k += 1) {
    for (let s = 0; s < streams; s += 1) {
      const events = fixtures.slice(next, next + size).map((f) => f.event);
      next += size;
      calls.push({ stream: `report-${key}-${s}`, before: k * size, events });
    }
  }
  return { key, label, calls, events: total };
}
