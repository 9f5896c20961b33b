import { describe, expect, it } from 'vitest';
import { claimEvent, retractEvent } from '../testing/event-factory.js';
import { visitEvent } from '../testing/far-denial-world.js';
import { MISSION, smallWorldView } from '../testing/small-world.js';
import { missionControl, overviewSummaryOf } from './mission-control.js';

// docs/contested-control.md, section 4: the origins read beside a status are those behind what it
// says. An undisputed status counts the origins behind its controller, not an account that names
// nobody; a contested one counts them per controller named, and those naming none apart.

const view = smallWorldView;

const visit = visitEvent();
const linked = claimEvent({
  id: 'linked',
  report: 'report-jan',
  mission: MISSION,
  kind: 'control',
  controller: 'taliban',
  occurred: '2023-01',
  claimant: 'Afghan diplomatic source',
  actorId: null,
});
const denial = claimEvent({
  id: 'denial',
  report: 'report-feb',
  mission: MISSION,
  kind: 'visit',
  stance: 'denies',
  controller: 'unknown',
  occurred: '2023-01-05',
  claimant: 'Embassy staff',
  actorId: null,
  respondsTo: 'visit',
});

describe('origins beside a status', () => {
  it('counts, beside an undisputed status, only the origins behind its controller', () => {
    // The visit is retracted: the denial answers nothing standing and names nobody.
    const control = missionControl(view(visit, linked, denial, retractEvent('visit', 'withdrawn')), MISSION);
    expect(control).toMatchObject({ status: 'undisputed', controller: 'taliban' });
    expect(control.controllerOrigins).toBe(1);
    expect(control.originsByController).toEqual([
      { controller: 'taliban', accounts: 1, origins: 1 },
      { controller: 'unknown', accounts: 1, origins: 1 },
    ]);
    // Kept as it was: every active account's origin.
    expect(control.independentOrigins).toBe(2);
    const [summary] = [...overviewSummaryOf(view(visit, linked, denial, retractEvent('visit', 'w')))];
    expect(summary).toMatchObject({ controllerOrigins: 1, independentOrigins: 2 });
  });

  it('counts, beside a contested status, the origins per controller named and those naming none', () => {
    const control = missionControl(view(visit, linked, denial), MISSION);
    expect(control.status).toBe('contested');
    expect(control.controllerOrigins).toBeNull();
    expect(control.independentOrigins).toBe(3);
    expect(control.originsByController).toEqual([
      { controller: 'taliban', accounts: 2, origins: 2 },
      { controller: 'unknown', accounts: 1, origins: 1 },
    ]);
  });

  it('lists the accounts naming none last, after a controller id that sorts after "unknown"', () => {
    const host = claimEvent({
      id: 'host',
      report: 'report-jan',
      mission: MISSION,
      kind: 'control',
      controller: 'uzbek-host',
      occurred: '2023-01',
      claimant: 'Host ministry',
      actorId: null,
    });
    const unnamed = claimEvent({
      id: 'unnamed',
      report: 'report-jan',
      mission: MISSION,
      kind: 'visit',
      controller: 'unknown',
      occurred: '2023-01-05',
      claimant: 'Embassy staff',
      actorId: null,
    });
    const control = missionControl(view(linked, host, unnamed), MISSION);
    expect(control.status).toBe('contested');
    expect(control.originsByController.map((o) => o.controller)).toEqual([
      'taliban',
      'uzbek-host',
      'unknown',
    ]);
  });
});
