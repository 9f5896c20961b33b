import { describe, expect, it } from 'vitest';
import { type OverviewRow, renderOverview, rowOf } from './status.js';

// The overview table: the origins column beside an undisputed status counts those behind its controller.

const mission = {
  id: 'm',
  name: 'Consulate in Khorog',
  city: 'Khorog',
  country: 'Tajikistan',
  kind: 'consulate' as const,
};

describe('kb status, text view', () => {
  it('shows beside an undisputed status the origins behind its controller, and says so', () => {
    const row: OverviewRow = rowOf({
      mission,
      status: 'undisputed',
      controller: 'taliban',
      independentOrigins: 2,
      controllerOrigins: 1,
      originsByController: [
        { controller: 'taliban', accounts: 1, origins: 1 },
        { controller: 'unknown', accounts: 1, origins: 1 },
      ],
      happened: 'certainly',
      restsOn: { accounts: 2, possibly: 0 },
      accounts: 2,
    });
    expect(row.origins).toBe(1);
    const text = renderOverview([row], 'all', false);
    expect(text).toMatch(/^m +Khorog, Tajikistan +undisputed +taliban +2 +1$/m);
    expect(text).toContain('origins: beside an undisputed status, those behind its controller');
  });
});
