import { describe, expect, it } from 'vitest';
import { claimEvent, reportRevisedEvent } from '../testing/event-factory.js';
import { MISSION, smallWorldView } from '../testing/small-world.js';
import { missionControl } from './mission-control.js';

// `earlier` after its report's published date is revised (docs/dates.md; anchored.ts): it resolves
// against the revised date's latest day, whatever its earliest, and a revised date with no latest day
// leaves nothing to be earlier than, so the account keeps its text with no bounds.

// Report March is published `2023-03`: `earlier` is anchored on its latest day, 2023-03-31.
const earlier = claimEvent({
  id: 'earlier',
  report: 'report-mar',
  mission: MISSION,
  kind: 'control',
  controller: 'taliban',
  occurred: 'earlier',
  anchor: '2023-03',
});
const occurredAt = (...revisions: ReturnType<typeof reportRevisedEvent>[]) =>
  missionControl(smallWorldView(earlier, ...revisions), MISSION, { at: '2023-03-25' }).accounts[0]?.occurred;

describe('an earlier whose report was revised', () => {
  it('resolves against a revised date open at its start, on its latest day', () => {
    expect(occurredAt()).toEqual({
      text: 'earlier',
      earliest: null,
      latest: '2023-03-31',
      anchor: '2023-03-31',
      happened: 'possibly',
    });
    expect(occurredAt(reportRevisedEvent('report-mar', '../2023-03-20'))).toEqual({
      text: 'earlier',
      earliest: null,
      latest: '2023-03-20',
      anchor: '2023-03-20',
      happened: 'certainly',
    });
  });

  it('has no bounds once the revised date has no latest day, though it has an earliest', () => {
    expect(occurredAt(reportRevisedEvent('report-mar', '2023-03-15/..'))).toEqual({
      text: 'earlier',
      earliest: null,
      latest: null,
      anchor: null,
      happened: 'possibly',
    });
  });
});
