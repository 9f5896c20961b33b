import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import {
  EventSchemaError,
  UnknownEventTypeError,
  UnsupportedEventVersionError,
} from '../errors/domain-errors.js';
import { VALID_EVENT_DATA } from '../testing/valid-event-data.js';
import { vagueDate } from '../time/edtf.js';
import type { ClaimRecordedV2 } from './claim-events.js';
import {
  currentVersion,
  DOMAIN_EVENT_TYPES,
  type DomainEvent,
  decodeEvent,
  encodeEvent,
  isDomainEventType,
  streamOf,
} from './domain-event.js';

const occurred = vagueDate('2023-03-23');

// A ClaimRecorded v1 exactly as an early ingest script stored it: claimant as a bare string.
const storedClaimV1 = {
  claimId: 'claim-khorog-visit',
  reportId: 'diplomat-2023-03-28',
  missionId: 'tj-khorog-consulate',
  kind: 'visit',
  stance: 'asserts',
  controller: 'taliban',
  occurred,
  quote: 'a delegation led by Mohammad Musa Amiri visited the consulate',
  credibility: 6,
  respondsTo: null,
  claimant: 'Taliban foreign ministry spokesman',
};

const claimV2Input: z.input<typeof ClaimRecordedV2> = {
  claimId: 'claim-khorog-visit',
  reportId: 'diplomat-2023-03-28',
  missionId: 'tj-khorog-consulate',
  kind: 'visit',
  stance: 'asserts',
  controller: 'taliban',
  occurred,
  quote: 'a delegation led by Mohammad Musa Amiri visited the consulate',
  respondsTo: null,
  claimant: { asWritten: 'Taliban foreign ministry spokesman', actorId: 'taliban' },
  via: [{ name: 'The Diplomat', relation: 'quotes' }],
  notes: null,
};

function schemaError(run: () => unknown): EventSchemaError {
  try {
    run();
  } catch (error) {
    if (error instanceof EventSchemaError) return error;
    throw error;
  }
  throw new Error('expected an EventSchemaError');
}

describe('encodeEvent', () => {
  it('writes at the newest version and applies the default credibility 6', () => {
    const encoded = encodeEvent('ClaimRecorded', claimV2Input);
    expect(encoded.version).toBe(2);
    expect(encoded.data.credibility).toBe(6);
    expect(encoded.data.claimant).toEqual({
      asWritten: 'Taliban foreign ministry spokesman',
      actorId: 'taliban',
    });
  });

  it('applies the default source reliability F (cannot be judged) and homepage null', () => {
    const encoded = encodeEvent('SourceRegistered', {
      sourceId: 'the-diplomat',
      outlet: 'The Diplomat',
      kind: 'news-outlet',
    });
    expect(encoded).toEqual({
      type: 'SourceRegistered',
      version: 1,
      data: {
        sourceId: 'the-diplomat',
        outlet: 'The Diplomat',
        kind: 'news-outlet',
        reliability: 'F',
        homepage: null,
      },
    });
  });

  it('rejects bad data with an EventSchemaError naming each field path', () => {
    const error = schemaError(() =>
      encodeEvent('ClaimRecorded', {
        ...claimV2Input,
        credibility: 7,
        claimant: { asWritten: '', actorId: null },
        occurred: { ...occurred, earliest: '23 March 2023' },
      }),
    );
    expect(error.name).toBe('EventSchemaError');
    expect(error.eventType).toBe('ClaimRecorded');
    expect(error.version).toBe(2);
    const paths = error.issues.map((i) => i.path);
    expect(paths).toEqual(expect.arrayContaining(['credibility', 'claimant.asWritten', 'occurred.earliest']));
    expect(error.message).toContain('occurred.earliest: expected a day as YYYY-MM-DD');
  });

  it('rejects an id that is not a lower-case slug', () => {
    const error = schemaError(() =>
      encodeEvent('MissionRegistered', {
        missionId: 'Khorog Consulate',
        name: 'Consulate in Khorog',
        kind: 'consulate',
        country: 'Tajikistan',
        city: 'Khorog',
        aliases: [],
      }),
    );
    expect(error.issues).toEqual([expect.objectContaining({ path: 'missionId' })]);
  });
});

describe('decodeEvent', () => {
  it('upcasts a stored ClaimRecorded v1 to v2', () => {
    const event = decodeEvent('ClaimRecorded', 1, storedClaimV1);
    expect(event.type).toBe('ClaimRecorded');
    if (event.type !== 'ClaimRecorded') throw new Error('unreachable');
    expect(event.data.claimant).toEqual({ asWritten: 'Taliban foreign ministry spokesman', actorId: null });
    expect(event.data.via).toEqual([]);
    expect(event.data.notes).toBeNull();
    expect(event.data.quote).toBe(storedClaimV1.quote);
    expect(event.data.occurred).toEqual(occurred);
  });

  it('applies v1 defaults before upcasting', () => {
    const { credibility: _, ...withoutCredibility } = storedClaimV1;
    const event = decodeEvent('ClaimRecorded', 1, withoutCredibility);
    expect(event.type === 'ClaimRecorded' && event.data.credibility).toBe(6);
  });

  it('reads a v2 event as it is', () => {
    const encoded = encodeEvent('ClaimRecorded', claimV2Input);
    expect(decodeEvent('ClaimRecorded', 2, JSON.parse(JSON.stringify(encoded.data)))).toEqual({
      type: 'ClaimRecorded',
      data: encoded.data,
    });
  });

  it('validates a stored event against its own version and names the version that failed', () => {
    const error = schemaError(() => decodeEvent('ClaimRecorded', 1, { ...storedClaimV1, claimant: 42 }));
    expect(error.version).toBe(1);
    expect(error.issues.map((i) => i.path)).toEqual(['claimant']);
  });

  it('refuses an unknown event type', () => {
    expect(() => decodeEvent('ClaimInvented', 1, {})).toThrow(UnknownEventTypeError);
    expect(() => decodeEvent('ClaimInvented', 1, {})).toThrow('unknown event type "ClaimInvented"');
  });

  it.each([0, 3, 1.5, -1])('refuses ClaimRecorded version %s, listing the known ones', (version) => {
    let caught: unknown;
    try {
      decodeEvent('ClaimRecorded', version, storedClaimV1);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(UnsupportedEventVersionError);
    expect((caught as UnsupportedEventVersionError).supported).toEqual([1, 2]);
    expect((caught as Error).message).toBe(
      `ClaimRecorded version ${version} is not supported (known versions: 1, 2)`,
    );
  });

  it('trusted: returns newest-version data as given, without re-validating it', () => {
    const stored = JSON.parse(JSON.stringify(encodeEvent('ClaimRecorded', claimV2Input).data)) as unknown;
    const event = decodeEvent('ClaimRecorded', 2, stored, { trusted: true });
    expect(event.data).toBe(stored);
    expect(event).toEqual(decodeEvent('ClaimRecorded', 2, stored));
    // The default still validates; only the opt-in skips the newest schema.
    const broken = { ...(stored as object), quote: 42 };
    expect(decodeEvent('ClaimRecorded', 2, broken, { trusted: true }).data).toBe(broken);
    expect(schemaError(() => decodeEvent('ClaimRecorded', 2, broken)).version).toBe(2);
    expect(schemaError(() => decodeEvent('ClaimRecorded', 2, broken, { trusted: false })).version).toBe(2);
  });

  it('trusted: still validates and upcasts older versions', () => {
    const event = decodeEvent('ClaimRecorded', 1, storedClaimV1, { trusted: true });
    expect(event).toEqual(decodeEvent('ClaimRecorded', 1, storedClaimV1));
    expect(event.type === 'ClaimRecorded' && event.data.via).toEqual([]);
    const error = schemaError(() =>
      decodeEvent('ClaimRecorded', 1, { ...storedClaimV1, claimant: 42 }, { trusted: true }),
    );
    expect(error.version).toBe(1);
  });

  it('trusted: still refuses unknown types and versions', () => {
    expect(() => decodeEvent('ClaimInvented', 1, {}, { trusted: true })).toThrow(UnknownEventTypeError);
    expect(() => decodeEvent('ClaimRecorded', 3, {}, { trusted: true })).toThrow(
      UnsupportedEventVersionError,
    );
  });

  it('knows every listed type and its current version', () => {
    expect(DOMAIN_EVENT_TYPES.every(isDomainEventType)).toBe(true);
    expect(isDomainEventType('toString')).toBe(false);
    expect(currentVersion('ClaimRecorded')).toBe(2);
    expect(currentVersion('SourceGraded')).toBe(1);
  });
});

describe('ClaimCorrected: a correction changes only the fields it names', () => {
  const correction = (changes: Record<string, unknown>) => ({
    claimId: 'a',
    changes,
    reason: 'misread the date',
    correctedBy: 'analyst-1',
  });

  it('is written at v2 without a credibility it did not name', () => {
    const encoded = encodeEvent('ClaimCorrected', correction({ occurred }));
    expect(encoded.version).toBe(2);
    expect(encoded.data.changes).toEqual({ occurred });
    expect(encodeEvent('ClaimCorrected', correction({ credibility: 2 })).data.changes).toEqual({
      credibility: 2,
    });
  });

  it('still refuses a correction that changes nothing', () => {
    expect(() => encodeEvent('ClaimCorrected', correction({}))).toThrow(/a correction must change a field/);
  });

  it('reads a v1 correction without the credibility 6 v1 wrote beside other changes', () => {
    // What v1 stored for a correction of the date alone: the schema's default came along.
    const v1 = correction({ occurred, credibility: 6 });
    expect(decodeEvent('ClaimCorrected', 1, v1).data).toEqual(correction({ occurred }));
    expect(decodeEvent('ClaimCorrected', 1, v1, { trusted: true }).data).toEqual(correction({ occurred }));
  });

  it('keeps a v1 credibility that was named: any other grade, or a 6 that is the only change', () => {
    const graded = correction({ occurred, credibility: 2 });
    expect(decodeEvent('ClaimCorrected', 1, graded).data).toEqual(graded);
    const alone = correction({ credibility: 6 });
    expect(decodeEvent('ClaimCorrected', 1, alone).data).toEqual(alone);
  });
});

describe('streamOf', () => {
  const claimId = 'claim-khorog-visit';
  const events: ReadonlyArray<readonly [DomainEvent, string]> = [
    [encodeEvent('MissionRegistered', VALID_EVENT_DATA.MissionRegistered), 'mission-tj-khorog-consulate'],
    [
      encodeEvent('ActorRegistered', { actorId: 'taliban', name: 'Taliban', kind: 'faction', aliases: [] }),
      'actor-taliban',
    ],
    [
      encodeEvent('AliasAdded', { subject: 'mission', id: 'tj-khorog-consulate', alias: 'Khorogh' }),
      'mission-tj-khorog-consulate',
    ],
    [
      encodeEvent('AliasAdded', { subject: 'actor', id: 'taliban', alias: 'Islamic Emirate of Afghanistan' }),
      'actor-taliban',
    ],
    [
      encodeEvent('SourceRegistered', {
        sourceId: 'the-diplomat',
        outlet: 'The Diplomat',
        kind: 'news-outlet',
      }),
      'source-the-diplomat',
    ],
    [encodeEvent('SourceGraded', VALID_EVENT_DATA.SourceGraded), 'source-the-diplomat'],
    [
      encodeEvent('ReportCaptured', {
        reportId: 'diplomat-2023-03-28',
        sourceId: 'the-diplomat',
        url: 'https://thediplomat.com/2023/03/talibans-diplomatic-presence-growing-in-central-asia/',
        title: "The Taliban's Diplomatic Presence Is Growing in Central Asia",
        author: null,
        published: vagueDate('2023-03-28'),
        retrieved: null,
      }),
      'report-diplomat-2023-03-28',
    ],
    [encodeEvent('ReportRevised', VALID_EVENT_DATA.ReportRevised), 'report-diplomat-2023-03-28'],
    [encodeEvent('ClaimRecorded', claimV2Input), `claim-${claimId}`],
    [
      encodeEvent('ClaimRetracted', {
        claimId,
        reportId: null,
        reason: 'withdrawn by the ministry',
        quote: null,
      }),
      `claim-${claimId}`,
    ],
    [encodeEvent('ClaimCorrected', VALID_EVENT_DATA.ClaimCorrected), `claim-${claimId}`],
    [encodeEvent('ClaimAssessed', VALID_EVENT_DATA.ClaimAssessed), `claim-${claimId}`],
  ];

  it.each(events.map(([event, stream]) => [event.type, event, stream] as const))(
    '%s goes to its stream',
    (_type, event, stream) => {
      expect(streamOf(event)).toBe(stream);
    },
  );

  it('covers every event type', () => {
    expect(new Set(events.map(([event]) => event.type))).toEqual(new Set(DOMAIN_EVENT_TYPES));
  });
});

describe('ClaimRecorded v1 upcast: the stored claimant is read exactly', () => {
  it('keeps the claimant as written, spaces and all', () => {
    const event = decodeEvent('ClaimRecorded', 1, { ...storedClaimV1, claimant: '  Taliban spokesman ' });
    expect(event.type === 'ClaimRecorded' && event.data.claimant).toEqual({
      asWritten: '  Taliban spokesman ',
      actorId: null,
    });
  });

  it('refuses an empty v1 claimant at version 1, naming the v1 field', () => {
    const error = schemaError(() => decodeEvent('ClaimRecorded', 1, { ...storedClaimV1, claimant: '' }));
    expect(error.version).toBe(1);
    expect(error.issues.map((i) => i.path)).toEqual(['claimant']);
  });
});
