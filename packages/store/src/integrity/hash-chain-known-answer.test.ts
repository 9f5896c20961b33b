// Known answers: the digests of one fixed event, written down once from the code as it stood. Any
// change to what the chain hashes (a member of the envelope left out, renamed or encoded otherwise,
// the order, the separator) changes them, and every stored log would stop verifying. Such a change
// needs a new chain format, not a new literal here.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { chainHash, GENESIS_HASH, type HashedContent, storedChainHash } from './chain-hash.js';
import { verifyChain } from './hash-chain.js';

const CONTENT: HashedContent = {
  id: '3f1c2a4e-9b7d-4e21-8c55-0a1b2c3d4e5f',
  type: 'ClaimRecorded',
  version: 2,
  // Keys out of order, so the stored form (as written) and the canonical form (sorted) differ.
  data: {
    quote: 'The governor’s office "is held"',
    claimant: 'outlet-7',
    when: { year: 2022, month: 8 },
    credibility: 2,
    tags: ['a', 'b'],
    none: null,
  },
  metadata: { ingestRunId: 'run-42', correlationId: 'corr-1', causationId: 'cause-9' },
  stream: 'claim-kandahar-1',
  revision: 3,
  position: 17,
  recordedAt: '2026-03-04T05:06:07.089Z',
  prevHash: GENESIS_HASH,
};
const OTHER_PREV = 'ab'.repeat(32);

// The envelope as documented in chain-hash.ts: members in sorted key order, metadata canonical.
const ENVELOPE_TAIL =
  ',"id":"3f1c2a4e-9b7d-4e21-8c55-0a1b2c3d4e5f"' +
  ',"metadata":{"causationId":"cause-9","correlationId":"corr-1","ingestRunId":"run-42"}' +
  ',"position":17,"recordedAt":"2026-03-04T05:06:07.089Z","revision":3,"stream":"claim-kandahar-1"' +
  ',"type":"ClaimRecorded","version":2}';
const CANONICAL_DATA =
  '{"claimant":"outlet-7","credibility":2,"none":null,"quote":"The governor’s office \\"is held\\"","tags":["a","b"],"when":{"month":8,"year":2022}}';
const STORED_DATA =
  '{"quote":"The governor’s office \\"is held\\"","claimant":"outlet-7","when":{"year":2022,"month":8},"credibility":2,"tags":["a","b"],"none":null}';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

describe('chain hash known answers', () => {
  it('the canonical form of a fixed event hashes to the digest written down', () => {
    expect(chainHash(CONTENT)).toBe('bfd8347bce72c7bf4fb443950c680276c032fcd99e8e95d9644ef452babb2ba1');
    expect(chainHash({ ...CONTENT, prevHash: OTHER_PREV })).toBe(
      '1959b6c9e3a281dcd7a2cd8da370a319fabecefcfeda6561e800fabb461d51f8',
    );
  });

  it('the stored form of a fixed event hashes to the digest written down', () => {
    expect(storedChainHash(CONTENT)).toBe('29a1a18a18303d1935d1cdca1e107065351c0e613d7de847c878b91e40a6915d');
    expect(storedChainHash({ ...CONTENT, prevHash: OTHER_PREV })).toBe(
      'bff0b7b1d615c15749d5fa1fc4a32f53d789453dc476041ec8909bfc9ea848fb',
    );
  });

  it('the digests are sha-256 over the previous hash, a newline and the documented envelope', () => {
    expect(sha256(`${GENESIS_HASH}\n{"data":${CANONICAL_DATA}${ENVELOPE_TAIL}`)).toBe(chainHash(CONTENT));
    expect(sha256(`${OTHER_PREV}\n{"data":${STORED_DATA}${ENVELOPE_TAIL}`)).toBe(
      storedChainHash({ ...CONTENT, prevHash: OTHER_PREV }),
    );
  });

  it('verifyChain accepts the event under either digest, and neither once any member changes', async () => {
    for (const hash of [chainHash(CONTENT), storedChainHash(CONTENT)]) {
      expect((await verifyChain([{ ...CONTENT, hash }])).ok).toBe(true);
      const changes: Partial<HashedContent>[] = [
        { id: '3f1c2a4e-9b7d-4e21-8c55-0a1b2c3d4e60' },
        { type: 'ClaimRetracted' },
        { version: 3 },
        { data: { ...(CONTENT.data as object), credibility: 3 } },
        { metadata: { ...CONTENT.metadata, ingestRunId: 'run-43' } },
        { stream: 'claim-kandahar-2' },
        { revision: 4 },
        { recordedAt: '2026-03-04T05:06:07.090Z' },
      ];
      for (const change of changes) {
        const report = await verifyChain([{ ...CONTENT, ...change, hash }]);
        expect(report.ok, JSON.stringify(change)).toBe(false);
      }
    }
  });
});
