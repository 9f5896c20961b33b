// The vocabulary is exactly what docs/claim-records.md and ICD 203 list (mutation pass C): a word
// dropped would refuse stored events on replay, a word added would let ingest write one nobody reads.
import { describe, expect, it } from 'vitest';
import {
  ActorKind,
  CitationRelation,
  ClaimKind,
  ControllerRef,
  Credibility,
  DEFAULT_CREDIBILITY,
  DEFAULT_RELIABILITY,
  Likelihood,
  MissionKind,
  NO_CONTROLLER,
  Reliability,
  SourceKind,
  Stance,
  UNKNOWN_CONTROLLER,
} from './vocabulary.js';

describe('vocabulary', () => {
  it.each([
    ['Reliability (Admiralty A-F)', Reliability.options, ['A', 'B', 'C', 'D', 'E', 'F']],
    [
      'MissionKind',
      MissionKind.options,
      ['embassy', 'consulate', 'consulate-general', 'permanent-mission', 'other'],
    ],
    [
      'ActorKind',
      ActorKind.options,
      ['government', 'faction', 'diplomatic-corps', 'person', 'organisation', 'outlet', 'other'],
    ],
    [
      'SourceKind',
      SourceKind.options,
      ['news-outlet', 'news-agency', 'government', 'social-media', 'ngo', 'other'],
    ],
    [
      'ClaimKind',
      ClaimKind.options,
      [
        'visit',
        'handover',
        'takeover',
        'appointment',
        'accreditation',
        'closure',
        'suspension',
        'reopening',
        'control',
        'statement',
      ],
    ],
    ['Stance', Stance.options, ['asserts', 'denies', 'confirms', 'disputes']],
    ['CitationRelation', CitationRelation.options, ['cites', 'quotes', 'syndicates']],
    [
      'Likelihood (ICD 203, least to most likely)',
      Likelihood.options,
      [
        'almost-no-chance',
        'very-unlikely',
        'unlikely',
        'roughly-even-chance',
        'likely',
        'very-likely',
        'almost-certain',
      ],
    ],
  ])('%s is exactly the documented list', (_name, options, expected) => {
    expect([...options]).toEqual(expected);
  });

  it('grades credibility by whole numbers 1 to 6, 6 (cannot be judged) by default', () => {
    expect([1, 2, 3, 4, 5, 6].every((n) => Credibility.safeParse(n).success)).toBe(true);
    expect([0, 7, 2.5, Number.NaN].some((n) => Credibility.safeParse(n).success)).toBe(false);
    expect(DEFAULT_CREDIBILITY).toBe(6);
    expect(DEFAULT_RELIABILITY).toBe('F');
  });

  it('takes a controller of 1 to 200 characters, with "none" and "unknown" for no one and not known', () => {
    expect(ControllerRef.safeParse('').success).toBe(false);
    expect(ControllerRef.safeParse('x'.repeat(200)).success).toBe(true);
    expect(ControllerRef.safeParse('x'.repeat(201)).success).toBe(false);
    expect([NO_CONTROLLER, UNKNOWN_CONTROLLER]).toEqual(['none', 'unknown']);
  });
});
