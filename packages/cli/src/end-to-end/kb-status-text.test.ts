// kb status's text view of the bundled dataset, on a knowledge base `kb demo` built for this file:
// its header, with or without --contested, and the origins footnote it leaves out when no mission has
// an account naming no controller. Nothing here adds to the knowledge base.
import { describe, expect, it } from 'vitest';
import { demoKnowledgeBase } from '../testing/cli-test-kit.js';

const { kb } = demoKnowledgeBase('kb-status-text-');

describe('kb status, text view, on the bundled dataset', () => {
  it('heads every mission Missions, and gives no origins footnote: every undisputed account names its controller', async () => {
    const plain = await kb('status');
    expect(plain.code).toBe(0);
    expect(plain.text).toMatch(
      /^Missions \(all world time; every report; everything recorded so far\): 12\n\n/,
    );
    expect(plain.text).toMatch(/^tm-ashgabat-embassy +Ashgabat, Turkmenistan +undisputed +taliban +2 +1$/m);
    expect(plain.text).not.toContain('origins: beside');
    expect(plain.text).not.toContain('kb mission counts them apart');
  });

  it('heads the contested ones Contested missions, and lists only those', async () => {
    const contested = await kb('status', '--contested');
    expect(contested.code).toBe(0);
    expect(contested.text.startsWith('Contested missions (')).toBe(true);
    expect(contested.text).toMatch(
      /^Contested missions \(all world time; every report; everything recorded so far\): 1\n\n/,
    );
    expect(contested.text).toMatch(
      /^tj-khorog-consulate +Khorog, Tajikistan +contested +\(disputed\) +3 +3$/m,
    );
  });
});
