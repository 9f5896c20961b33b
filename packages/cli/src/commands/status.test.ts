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

  it('counts apart only the accounts naming no controller, and gives the footnote only when there are some', () => {
    const base = {
      mission,
      status: 'undisputed' as const,
      controller: 'taliban',
      happened: 'certainly' as const,
    };
    const withNone = rowOf({
      ...base,
      independentOrigins: 3,
      controllerOrigins: 2,
      originsByController: [
        { controller: 'taliban', accounts: 2, origins: 2 },
        { controller: 'unknown', accounts: 1, origins: 1 },
      ],
      restsOn: { accounts: 3, possibly: 0 },
      accounts: 3,
    });
    expect(withNone.namingNone).toBe(1);
    const allNamed = rowOf({
      ...base,
      independentOrigins: 2,
      controllerOrigins: 2,
      originsByController: [{ controller: 'taliban', accounts: 2, origins: 2 }],
      restsOn: { accounts: 2, possibly: 0 },
      accounts: 2,
    });
    expect(allNamed.namingNone).toBe(0);
    const text = renderOverview([allNamed], 'all', false);
    expect(text).toMatch(/^m +Khorog, Tajikistan +undisputed +taliban +2 +2$/m);
    expect(text).not.toContain('origins: beside');
    expect(text).not.toContain('kb mission counts them apart');
  });

  it('heads the table Contested missions under --contested, and Missions otherwise', () => {
    const row = rowOf({
      mission,
      status: 'contested',
      controller: null,
      independentOrigins: 2,
      controllerOrigins: null,
      originsByController: [
        { controller: 'taliban', accounts: 1, origins: 1 },
        { controller: 'republic', accounts: 1, origins: 1 },
      ],
      happened: 'certainly',
      restsOn: { accounts: 2, possibly: 0 },
      accounts: 2,
    });
    expect(renderOverview([row], 'all', true)).toMatch(/^Contested missions \(all\): 1\n\n/);
    expect(renderOverview([], 'all', true)).toBe('Contested missions (all): 0\n(none)');
    expect(renderOverview([row], 'all', false)).toMatch(/^Missions \(all\): 1\n\n/);
  });
});
