// Builders for ingest tests: one valid claim record and small variations of it.
export const SOURCE = {
  outlet: 'The Diplomat',
  url: 'https://thediplomat.com/2023/03/talibans-diplomatic-presence-growing-in-central-asia/',
  title: 'Taliban’s Diplomatic Presence Growing in Central Asia',
  published: '2023-03-28',
};

export function claimRecord(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: 'khorog-visit',
    mission: { country: 'Tajikistan', city: 'Khorog', kind: 'consulate' },
    kind: 'visit',
    stance: 'asserts',
    controller: 'taliban',
    occurred: '2023-03-23',
    claimant: 'Taliban Foreign Ministry spokesman',
    source: SOURCE,
    quote: 'a delegation had traveled to the Afghan consulate in Khorog on March 23',
    ...overrides,
  };
}

export const ndjson = (records: readonly unknown[]) =>
  `${records.map((r) => (typeof r === 'string' ? r : JSON.stringify(r))).join('\n')}\n`;
