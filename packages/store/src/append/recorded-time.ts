// Recorded time is the store's own axis: an auditor's replay "as the knowledge base stood at R"
// keeps the events recorded by R. That is the log's prefix only while recorded times never fall
// along it, and a machine clock can step back (NTP, a VM restored, a host with another clock). So a
// batch is stamped with the clock's time, or with the last stored event's time when the clock
// stands before it: an event is never recorded before the event it follows.

/** The time to stamp a batch with, given the clock's reading and the last stored event's time. */
export function recordedTimeAfter(clock: string, last: string | null): string {
  if (last === null) return clock;
  const lastMs = Date.parse(last);
  // A stored time that does not parse (a damaged row) is verify's to report, not a reason to refuse.
  return Number.isNaN(lastMs) || Date.parse(clock) >= lastMs ? clock : last;
}

/** What a writing connection remembers of the last event it stored, so it need not read it back. */
export interface LastRecorded {
  position: number;
  recordedAt: string | null;
}
