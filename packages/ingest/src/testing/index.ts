// What tests and benches outside this package borrow from it: a seeded random source, and the
// missions the stress inputs use.
export { STRESS_PLACES } from '../stress/stress-records.js';
export { seededRandom } from './seeded-random.js';
