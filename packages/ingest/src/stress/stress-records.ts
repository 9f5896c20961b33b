// Large, valid claim-record inputs for the stress tests: many claims spread over a few missions,
// outlets and reports, so a batch registers some entities and mostly appends claims.

/** The missions the stress inputs file claims under (also used by the CLI's crash tests). */
export const STRESS_PLACES = [
  { country: 'Tajikistan', city: 'Khorog', kind: 'consulate' },
  { country: 'Tajikistan', city: 'Dushanbe', kind: 'embassy' },
  { country: 'Uzbekistan', city: 'Termez', kind: 'consulate' },
  { country: 'Uzbekistan', city: 'Tashkent', kind: 'embassy' },
  { country: 'Turkmenistan', city: 'Ashgabat', kind: 'embassy' },
  { country: 'Kazakhstan', city: 'Astana', kind: 'embassy' },
] as const;
const OUTLETS = ['The Diplomat', 'Tolo News', 'Eurasianet', 'RFE/RL'] as const;
const CONTROLLERS = ['taliban', 'unknown', 'none'] as const;

/** The claim id of record `i` of a stress input; ids are what the checks look for in the store. */
export const stressClaimId = (i: number): string => `stress-${String(i).padStart(6, '0')}`;

/**
 * One valid claim record, a pure function of its index; a `variant` is told in the quote, so records
 * of one index and different variants are one claim id with different content.
 */
export function stressRecord(i: number, variant?: string): Record<string, unknown> {
  const place = STRESS_PLACES[i % STRESS_PLACES.length]!;
  const outlet = OUTLETS[i % OUTLETS.length]!;
  const report = i % 40;
  const day = String((i % 28) + 1).padStart(2, '0');
  return {
    id: stressClaimId(i),
    mission: place,
    kind: i % 3 === 0 ? 'visit' : 'control',
    stance: i % 5 === 0 ? 'denies' : 'asserts',
    controller: CONTROLLERS[i % CONTROLLERS.length],
    occurred: `2023-02-${day}`,
    claimant: `claimant ${i % 17}`,
    source: {
      outlet,
      url: `https://news.example/${outlet.toLowerCase().replace(/[^a-z]+/g, '-')}/report-${report}`,
      published: '2023-03-28',
    },
    quote: stressQuote(i, variant),
  };
}

/** The quote of record `i` (of its variant): what tells a stored claim's version. */
export const stressQuote = (i: number, variant?: string): string =>
  variant === undefined ? `stress quote number ${i}` : `stress quote number ${i}, as ${variant} heard it`;

/** NDJSON text of the records with the given indices, in that order. */
export function stressNdjson(indices: Iterable<number>): string {
  const lines: string[] = [];
  for (const i of indices) lines.push(JSON.stringify(stressRecord(i)));
  return `${lines.join('\n')}\n`;
}

/** 0, 1, ..., n - 1. */
export function range(from: number, to: number): number[] {
  return Array.from({ length: to - from }, (_, k) => from + k);
}
