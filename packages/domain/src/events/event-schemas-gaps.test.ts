// Field checks of the event schemas that no other test pinned (mutation pass C). Each bad field must be
// refused by encodeEvent with an EventSchemaError whose issues name that field's path.
import { describe, expect, it } from 'vitest';
import { EventSchemaError } from '../errors/domain-errors.js';
import { VALID_EVENT_DATA } from '../testing/valid-event-data.js';
import { type DomainEventType, encodeEvent, streamOf } from './domain-event.js';

const valid = VALID_EVENT_DATA;
const validOf = valid as Record<string, Record<string, unknown>>;

function issuePaths(type: DomainEventType, data: Record<string, unknown>): string[] {
  try {
    encodeEvent(type, data as never);
  } catch (error) {
    if (error instanceof EventSchemaError) return error.issues.map((i) => i.path);
    throw error;
  }
  return [];
}

// [event type, what is wrong, the changed fields, the path the error must name]
const bad: ReadonlyArray<readonly [DomainEventType, string, Record<string, unknown>, string]> = [
  ['MissionRegistered', 'an empty country', { country: '' }, 'country'],
  ['MissionRegistered', 'an empty city (null is the way to say none)', { city: '' }, 'city'],
  ['ActorRegistered', 'a kind outside the vocabulary', { kind: 'militia' }, 'kind'],
  ['ActorRegistered', 'an empty alias', { aliases: ['NRF', ''] }, 'aliases.1'],
  ['SourceGraded', 'an empty rationale', { rationale: '' }, 'rationale'],
  ['ReportCaptured', 'a retrieved day that is not YYYY-MM-DD', { retrieved: '1 April 2023' }, 'retrieved'],
  ['ReportRevised', 'an empty reason', { reason: '' }, 'reason'],
  [
    'ClaimRecorded',
    'a via link with an empty name',
    { via: [{ name: '', relation: 'cites' }] },
    'via.0.name',
  ],
  ['ClaimRecorded', 'a respondsTo that is not a claim id', { respondsTo: 'Khorog Visit' }, 'respondsTo'],
  ['ClaimRecorded', 'an empty controller', { controller: '' }, 'controller'],
  ['ClaimRecorded', 'a controller longer than 200 characters', { controller: 'x'.repeat(201) }, 'controller'],
  ['ClaimRetracted', 'an empty reason', { reason: '' }, 'reason'],
  ['ClaimCorrected', 'an empty correctedBy', { correctedBy: '' }, 'correctedBy'],
  ['ClaimAssessed', 'an empty rationale', { rationale: '' }, 'rationale'],
  ['ClaimAssessed', 'an assessedOn that is not YYYY-MM-DD', { assessedOn: '1 April 2023' }, 'assessedOn'],
  ['ClaimAssessed', 'neither a credibility nor a likelihood', { credibility: null, likelihood: null }, ''],
  ['ClaimAssessed', 'a likelihood outside ICD 203', { likelihood: 'certain' }, 'likelihood'],
];

describe('event schemas: each refuses a bad field and names it', () => {
  it.each(Object.entries(valid))('%s: the valid example is accepted', (type, data) => {
    expect(issuePaths(type as DomainEventType, data)).toEqual([]);
  });

  it.each(bad)('%s refuses %s', (type, _what, change, path) => {
    expect(issuePaths(type, { ...validOf[type], ...change })).toEqual([path]);
  });

  it('takes a controller of exactly 200 characters', () => {
    expect(issuePaths('ClaimRecorded', { ...valid.ClaimRecorded, controller: 'x'.repeat(200) })).toEqual([]);
  });

  it('says "(root)" in the message for a check on the whole event', () => {
    expect(() =>
      encodeEvent('ClaimAssessed', { ...valid.ClaimAssessed, credibility: null, likelihood: null } as never),
    ).toThrow('ClaimAssessed v1 is invalid: (root): an assessment needs a credibility or a likelihood');
  });
});

describe('AliasAdded: an alias may name a source too', () => {
  it('is accepted and goes to the source stream', () => {
    const event = encodeEvent('AliasAdded', { subject: 'source', id: 'the-diplomat', alias: 'Diplomat' });
    expect(streamOf(event)).toBe('source-the-diplomat');
  });
});
