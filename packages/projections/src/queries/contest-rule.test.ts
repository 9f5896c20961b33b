import { type ClaimKind, type Stance, vagueDate } from '@kb/domain';
import { describe, expect, it } from 'vitest';
import { decideControl, type RuleAccount } from './contest-rule.js';

// The worked examples of docs/contested-control.md, on the rule alone.
const account = (
  claimId: string,
  kind: ClaimKind,
  controller: string,
  occurred: string,
  more: { stance?: Stance; respondsTo?: string; happened?: 'certainly' | 'possibly' } = {},
): RuleAccount => ({
  claimId,
  kind,
  controller,
  occurred: vagueDate(occurred),
  stance: more.stance ?? 'asserts',
  respondsTo: more.respondsTo ?? null,
  happened: more.happened ?? 'certainly',
});

describe('the contested-control rule', () => {
  it('says unknown when nothing stands, and when no standing account names a controller', () => {
    expect(decideControl([])).toMatchObject({ status: 'unknown', controller: null });
    expect(decideControl([account('v', 'visit', 'unknown', '2023-03-23')])).toMatchObject({
      status: 'unknown',
    });
  });

  it('example A: an explicit denial makes the claim it names contested, and binds to nothing else', () => {
    const outcome = decideControl([
      account('visit', 'visit', 'taliban', '2023-03-23'),
      account('other-visit', 'visit', 'taliban', '2023-03-23'),
      account('denial', 'visit', 'unknown', '2023-03-23', { stance: 'denies', respondsTo: 'visit' }),
    ]);
    expect(outcome.status).toBe('contested');
    expect(outcome.binds.get('denial')).toEqual(['visit']);
    expect(outcome.contradicts('other-visit')).toEqual([]);
    expect(outcome.contradicts('visit')).toEqual(['denial']);
  });

  it('example B: without respondsTo a denial binds by kind and overlapping time', () => {
    const visit = account('visit', 'visit', 'taliban', '2023-03-23');
    const overlapping = account('denial', 'visit', 'unknown', '2023-03', { stance: 'denies' });
    const elsewhen = account('denial', 'visit', 'unknown', '2023-04', { stance: 'denies' });
    const otherKind = account('denial', 'handover', 'unknown', '2023-03', { stance: 'denies' });
    const stateDenial = account('denial', 'control', 'republic', '2023-03', { stance: 'disputes' });
    expect(decideControl([visit, overlapping]).status).toBe('contested');
    expect(decideControl([visit, elsewhen])).toMatchObject({ status: 'undisputed', controller: 'taliban' });
    expect(decideControl([visit, otherKind])).toMatchObject({ status: 'undisputed', controller: 'taliban' });
    expect(decideControl([visit, stateDenial]).binds.get('denial')).toEqual(['visit']);
  });

  it('example B: binding by kind is one-way: an event denial does not answer a state claim', () => {
    // "There was no delegation" says nothing about who holds the consulate.
    const stateClaim = account('linked', 'control', 'taliban', '2023-03');
    const visitDenial = account('denial', 'visit', 'unknown', '2023-03-23', { stance: 'denies' });
    const outcome = decideControl([stateClaim, visitDenial]);
    expect(outcome.binds.get('denial')).toEqual([]);
    expect(outcome).toMatchObject({ status: 'undisputed', controller: 'taliban' });
    expect(outcome.contradicts('linked')).toEqual([]);
    // A statement denial, like a control one, still answers a claim of any kind.
    const statementDenial = account('denial', 'statement', 'unknown', '2023-03', { stance: 'denies' });
    expect(decideControl([stateClaim, statementDenial]).binds.get('denial')).toEqual(['linked']);
  });

  it('example C: standing accounts naming different controllers are contested; unknown names nobody', () => {
    expect(
      decideControl([
        account('a', 'control', 'republic', '2023-03'),
        account('b', 'control', 'taliban', '2023-03'),
      ]).status,
    ).toBe('contested');
    expect(
      decideControl([
        account('a', 'control', 'taliban', '2023-03'),
        account('b', 'visit', 'unknown', '2023-03'),
      ]),
    ).toMatchObject({ status: 'undisputed', controller: 'taliban' });
  });

  it('example D: a later undisputed handover ends an earlier contest; the old accounts are superseded', () => {
    const outcome = decideControl([
      account('republic-says', 'control', 'republic', '2021-09'),
      account('taliban-says', 'control', 'taliban', '2021-10'),
      account('handover', 'handover', 'taliban', '2022-03'),
    ]);
    expect(outcome).toMatchObject({ status: 'undisputed', controller: 'taliban' });
    expect([...outcome.supersededBy]).toEqual([
      ['republic-says', 'handover'],
      ['taliban-says', 'handover'],
    ]);
    expect([...outcome.active]).toEqual(['handover']);
  });

  it('example E: a disputed change ends nothing', () => {
    const outcome = decideControl([
      account('republic-says', 'control', 'republic', '2021-09'),
      account('handover', 'handover', 'taliban', '2022-03'),
      account('denial', 'handover', 'republic', '2022-03', { stance: 'denies', respondsTo: 'handover' }),
    ]);
    expect(outcome.status).toBe('contested');
    expect(outcome.supersededBy.size).toBe(0);
  });

  it('example F: a change not certainly after the conflict (vague, overlapping, open) ends nothing', () => {
    const conflict = [
      account('a', 'control', 'republic', '2022-06'),
      account('b', 'control', 'taliban', '2022-06'),
    ];
    expect(decideControl([...conflict, account('h', 'handover', 'taliban', '2022')]).status).toBe(
      'contested',
    );
    expect(decideControl([...conflict, account('h', 'handover', 'taliban', '2022-07')]).status).toBe(
      'undisputed',
    );
    expect(
      decideControl([
        account('a', 'control', 'republic', '2022-06/..'),
        account('h', 'handover', 'taliban', '2022-07'),
      ]).status,
    ).toBe('contested');
    // A change that only possibly happened by the world day does not end a contest either.
    expect(
      decideControl([...conflict, account('h', 'handover', 'taliban', '2022-07', { happened: 'possibly' })])
        .status,
    ).toBe('contested');
  });

  it('example G: a later closure ends a contest with the controller none', () => {
    expect(
      decideControl([
        account('a', 'control', 'republic', '2022-06'),
        account('b', 'control', 'taliban', '2022-06'),
        account('c', 'closure', 'none', '2022-09-01'),
      ]),
    ).toMatchObject({ status: 'undisputed', controller: 'none' });
  });

  it('example G: a later suspension ends a contest as a closure does', () => {
    // An appointment, then the host suspends the mission: nobody disputes either, in order.
    const outcome = decideControl([
      account('appoint', 'appointment', 'taliban', '2022-01-15'),
      account('suspend', 'suspension', 'none', '2022-06-01'),
    ]);
    expect(outcome).toMatchObject({ status: 'undisputed', controller: 'none' });
    expect(outcome.supersededBy.get('appoint')).toBe('suspend');
    expect(outcome.contradicts('appoint')).toEqual([]);
  });

  it('example G: a change still ends what came before it when a later account conflicts with it', () => {
    // Bonn: an appointment, a certain closure months later, then a reopening that only possibly
    // happened by W. The closure ended the appointment; the reopening contests the closure.
    const outcome = decideControl([
      account('appoint', 'appointment', 'taliban', '2022-01-15'),
      account('close', 'closure', 'none', '2022-06'),
      account('reopen', 'reopening', 'republic', '2023-01', { happened: 'possibly' }),
    ]);
    expect(outcome.status).toBe('contested');
    expect([...outcome.supersededBy]).toEqual([['appoint', 'close']]);
    expect([...outcome.active].sort()).toEqual(['close', 'reopen']);
    expect(outcome.contradicts('appoint')).toEqual(['reopen']);
    expect(outcome.contradicts('close')).toEqual(['reopen']);
    // A later account that overlaps the change still stops it: nothing is superseded.
    const overlapping = decideControl([
      account('appoint', 'appointment', 'taliban', '2022-01-15'),
      account('close', 'closure', 'none', '2022-06'),
      account('claim', 'control', 'republic', '2022-06/2022-08'),
    ]);
    expect(overlapping.supersededBy.size).toBe(0);
  });

  it('never lets a state claim end a contest: only changes do', () => {
    expect(
      decideControl([
        account('a', 'control', 'republic', '2021-09'),
        account('b', 'control', 'taliban', '2023-01'),
      ]).status,
    ).toBe('contested');
  });

  it('picks the latest qualifying change when several do', () => {
    const outcome = decideControl([
      account('a', 'control', 'republic', '2021-09'),
      account('h1', 'handover', 'taliban', '2022-03'),
      account('r', 'reopening', 'republic', '2023-01'),
    ]);
    expect(outcome).toMatchObject({ status: 'undisputed', controller: 'republic' });
    expect(outcome.supersededBy.get('a')).toBe('r');
    expect(outcome.supersededBy.get('h1')).toBe('r');
  });

  it('between equally late qualifying changes, the smaller claim id decides, whatever the order given', () => {
    // decideControl: "ties fall to claim id"; laterChange: the later earliest day, then the smaller id.
    const a = account('a', 'visit', 'taliban', '2022-08');
    const d = account('d', 'visit', 'unknown', '2022-08', { stance: 'denies', respondsTo: 'a' });
    const h1 = account('h1', 'handover', 'taliban', '2023-03-23');
    const h2 = account('h2', 'handover', 'taliban', '2023-03-23');
    for (const accounts of [
      [a, d, h1, h2],
      [h2, h1, d, a],
    ]) {
      const outcome = decideControl(accounts);
      expect(outcome).toMatchObject({ status: 'undisputed', controller: 'taliban' });
      expect([...outcome.supersededBy].sort()).toEqual([
        ['a', 'h1'],
        ['d', 'h1'],
      ]);
      expect([...outcome.active].sort()).toEqual(['h1', 'h2']);
    }
  });

  it('example I: a confirmation of a denial sides with it: an answer, never bound, binding as the denial does', () => {
    // "We confirm the embassy's statement: nobody came." asserts no visit.
    const denial = account('d1', 'visit', 'unknown', '2023-03-23', { stance: 'denies', respondsTo: 'v' });
    const seconds = {
      claimId: 'd1',
      stance: 'denies' as const,
      respondsTo: 'v',
      kind: 'visit' as const,
      controller: 'unknown',
    };
    const confirmation: RuleAccount = {
      ...account('c', 'visit', 'unknown', '2023-03-23', { stance: 'confirms', respondsTo: 'd1' }),
      seconds: { ...seconds, occurred: vagueDate('2023-03-23') },
    };
    const otherDenial = account('d2', 'visit', 'unknown', '2023-03', { stance: 'denies' });
    // Three denials of a visit nobody asserts: nothing conflicts.
    const alone = decideControl([denial, confirmation, otherDenial]);
    expect(alone.status).toBe('unknown');
    expect(alone.binds.get('d2')).toEqual([]);
    expect(alone.contradicts('c')).toEqual([]);
    // With the visit standing, the confirmation answers it as the denial does, and the implicit
    // denial binds to the visit alone.
    const visit = account('v', 'visit', 'taliban', '2023-03-23');
    const withVisit = decideControl([visit, denial, confirmation, otherDenial]);
    expect(withVisit.status).toBe('contested');
    expect(withVisit.binds.get('c')).toEqual(['v']);
    expect(withVisit.binds.get('d2')).toEqual(['v']);
    expect(withVisit.contradicts('c')).toEqual(['v']);
    expect(withVisit.contradicts('d1')).toEqual(['v']);
  });

  it('example D: an account and the change that superseded it are in sequence, not listed as contradicting', () => {
    const outcome = decideControl([
      account('h-rep', 'control', 'republic', '2021-09'),
      account('h-tal', 'control', 'taliban', '2021-10'),
      account('h-late-rep', 'control', 'republic', '2022-02'),
      account('h-hand', 'handover', 'taliban', '2022-03'),
    ]);
    expect(outcome).toMatchObject({ status: 'undisputed', controller: 'taliban' });
    expect(outcome.contradicts('h-hand')).toEqual([]);
    expect(outcome.contradicts('h-rep')).toEqual(['h-tal']);
    expect(outcome.contradicts('h-tal')).toEqual(['h-late-rep', 'h-rep']);
  });
});
