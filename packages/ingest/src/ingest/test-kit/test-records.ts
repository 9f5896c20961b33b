// Builders for ingest tests: one valid claim record and small variations of it, a correction of
// its date, and, for the batch writer, a prepared record of one claim and a captured report.
import type { PreparedRecord } from '../prepare/prepared-record.js';

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

/** A correction of claim "visit"'s date to `day`, "misread the date" by an analyst; `extra` overrides. */
export const datedCorrection = (day: string, extra: Record<string, unknown> = {}) => ({
  type: 'correction',
  claim: 'visit',
  changes: { occurred: day },
  reason: 'misread the date',
  by: 'analyst',
  ...extra,
});

/** A prepared record of line `n`: one ClaimRecorded of claim c-n (with `data` beside its id), needing no registration. */
export const preparedClaim = (n: number, data: Record<string, unknown> = {}): PreparedRecord => ({
  line: n,
  text: `{"id":"c-${n}"}`,
  key: `c-${n}`,
  own: [
    {
      stream: `claim-c-${n}`,
      event: { id: `event-c-${n}`, type: 'ClaimRecorded', version: 1, data: { claimId: `c-${n}`, ...data } },
    },
  ],
  needs: [],
  notices: [],
  claim: null,
});

/** The ReportCaptured of report r titled `title`: one registration, stored with other details when titles differ. */
export const reportCaptured = (title: string) => ({
  id: 'event-report-r',
  type: 'ReportCaptured',
  version: 1,
  data: { reportId: 'r', sourceId: 's', url: null, title, author: null, published: '2023-03-28' },
});
