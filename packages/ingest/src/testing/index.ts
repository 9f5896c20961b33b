// What tests and benches outside this package borrow from it: a seeded random source, the
// missions the stress inputs use, and one valid claim record to vary.

export { claimRecord } from '../ingest/test-kit/test-records.js';
export { STRESS_PLACES } from '../stress/stress-records.js';
export { seededRandom } from './seeded-random.js';
