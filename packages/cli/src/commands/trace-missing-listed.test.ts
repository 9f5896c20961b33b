import type { KnowledgeView } from '@kb/projections';
import { describe, expect, it } from 'vitest';
import { missingClaim } from './trace.js';

// A store whose read models contradict themselves (a damaged file, or a -wal of another database
// applied to it) can list a claim that its look-up by id does not find. kb trace then said
// `no claim "X"; did you mean X?`, offering the id just typed. It now says what is wrong and what
// to run.

const viewListing = (ids: string[]): KnowledgeView =>
  ({ getClaim: () => undefined, listClaimIds: () => ids }) as unknown as KnowledgeView;

describe('kb trace of a claim listed but not found', () => {
  it('says the read models contradict themselves instead of suggesting the same id', () => {
    const message = missingClaim(viewListing(['khorog-visit', 'khorog-denial']), 'khorog-visit', null);
    expect(message).not.toContain('did you mean');
    expect(message).toContain(
      'claim "khorog-visit" is in the list of claims, but looking it up by its id finds nothing',
    );
    expect(message).toContain('kb verify --read-models');
  });

  it('still suggests a close id when the typed one is not listed', () => {
    const message = missingClaim(viewListing(['khorog-visit']), 'khorog-visti', null);
    expect(message).toBe('no claim "khorog-visti" in the knowledge base; did you mean khorog-visit?');
  });
});
