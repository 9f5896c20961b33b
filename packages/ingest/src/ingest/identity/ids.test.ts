// The ids ingest derives: a script's claim id made valid, a claim id from content, and a report's
// ids from its outlet, title, date and URL.
import { describe, expect, it } from 'vitest';
import {
  contentClaimId,
  normaliseClaimId,
  reportIdOf,
  reportIdsAsWritten,
  reportKeyOf,
  sourceIdOf,
  urlKeyOf,
} from './ids.js';

const NFD_TITLE = 'Cafe\u0301 diplomacy';
const NFC_TITLE = 'Caf\u00e9 diplomacy';

describe('normaliseClaimId', () => {
  it('drops every trailing "-", not only the last', () => {
    expect(normaliseClaimId('abc--')).toBe('abc');
    expect(normaliseClaimId('abc / / ')).toBe('abc');
    expect(normaliseClaimId('Diplomat 2023/03 Khorog Visit')).toBe('diplomat-2023-03-khorog-visit');
  });

  it('is null when nothing is left', () => {
    expect(normaliseClaimId('---')).toBeNull();
  });
});

describe('contentClaimId', () => {
  it('is at most 200 characters, the mission id cut to make room for kind and hash', () => {
    const id = contentClaimId('m'.repeat(300), 'statement', { quote: 'q' });
    expect(id).toHaveLength(200);
    expect(id).toMatch(/^m+-statement-[0-9a-f]{16}$/);
  });
});

describe('sourceIdOf', () => {
  it('keeps 80 characters of a long outlet name', () => {
    expect(sourceIdOf('x'.repeat(100))).toBe('x'.repeat(80));
  });
});

describe('reportKeyOf', () => {
  it('takes a title without a URL regardless of case', () => {
    const source = { outlet: 'The Diplomat', published: '2023-03-28' };
    expect(reportKeyOf({ ...source, title: 'Foo' })).toBe(reportKeyOf({ ...source, title: 'foo' }));
    expect(reportKeyOf({ ...source, title: 'Foo' })).not.toBe(reportKeyOf({ ...source, title: 'bar' }));
  });
});

describe('urlKeyOf', () => {
  it('takes any number of trailing slashes as none', () => {
    expect(urlKeyOf('https://x.org/a//')).toBe(urlKeyOf('https://x.org/a'));
    expect(urlKeyOf('https://x.org/a/')).toBe(urlKeyOf('https://x.org/a'));
    expect(urlKeyOf('https://x.org/a/b')).not.toBe(urlKeyOf('https://x.org/a'));
  });
});

describe('reportIdsAsWritten', () => {
  it('gives the report id a decomposed title hashed as written, though the outlet id is the same today', () => {
    const source = { outlet: 'The Diplomat', title: NFD_TITLE, published: '2023-03-28' };
    const asWritten = reportIdsAsWritten(source);
    expect(asWritten).toEqual({
      sourceId: 'the-diplomat',
      reportId: reportIdOf(
        'the-diplomat',
        '2023-03-28',
        `doc:the-diplomat|${NFD_TITLE.toLowerCase()}|2023-03-28`,
      ),
    });
    const today = reportIdOf('the-diplomat', '2023-03-28', reportKeyOf(source));
    expect(asWritten?.reportId).not.toBe(today);
  });

  it('is null for text already composed', () => {
    expect(
      reportIdsAsWritten({ outlet: 'The Diplomat', title: NFC_TITLE, published: '2023-03-28' }),
    ).toBeNull();
  });
});
