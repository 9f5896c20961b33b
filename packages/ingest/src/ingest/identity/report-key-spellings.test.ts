// Spellings of one report that must give one report id (docs/claim-records.md): a URL with a
// fragment, a publication date with white space around it; and the id's parts kept to their sizes,
// since changing them would change the id of every report already stored.
import { describe, expect, it } from 'vitest';
import { hasDerivedShape, reportIdOf, reportKeyOf, urlKeyOf } from './ids.js';

describe('report keys', () => {
  it('names one report by a URL with and without a fragment', () => {
    const plain = { outlet: 'The Diplomat', published: '2023-03-28', url: 'https://thediplomat.com/a' };
    const withFragment = { ...plain, url: 'https://thediplomat.com/a#comments' };
    expect(reportKeyOf(withFragment)).toBe(reportKeyOf(plain));
    expect(urlKeyOf('https://thediplomat.com/a#top')).toBe(urlKeyOf('https://thediplomat.com/a'));
  });

  it('names one report without a URL whether or not its date has white space around it', () => {
    const plain = { outlet: 'The Diplomat', title: 'Khorog', published: '2023-03-28' };
    expect(reportKeyOf({ ...plain, published: ' 2023-03-28 ' })).toBe(reportKeyOf(plain));
  });

  it('keeps 30 characters of a long publication date in the report id', () => {
    const id = reportIdOf('the-diplomat', `2023-${'x'.repeat(40)}`, 'doc:k');
    expect(id).toMatch(/^the-diplomat-2023-x{25}-[0-9a-f]{10}$/);
  });
});

describe('hasDerivedShape', () => {
  it('takes an id ending in 16 hex digits, and not one with them in the middle', () => {
    expect(hasDerivedShape('tj-khorog-consulate-visit-0123456789abcdef')).toBe(true);
    expect(hasDerivedShape('tj-khorog-consulate-visit-0123456789abcdef-2')).toBe(false);
  });
});
