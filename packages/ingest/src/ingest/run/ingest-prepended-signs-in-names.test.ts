// More prepended signs (Unicode Cf) that belong to the writing of a name in their place: the Arabic
// pound and piastre marks above (U+0890, U+0891) and the Kaithi number signs (U+110BD, U+110CD)
// stand directly before the digits they span, and the Syriac abbreviation mark (U+070F) before the
// Syriac letters (Syriac writes numbers with letters) or digits its line is drawn over. Anywhere
// else each is debris, as any other such character is.
import { describe } from 'vitest';
import { folderPerTest } from '../test-kit/ingest-test-kit.js';
import { signsInNameCases } from '../test-kit/name-signs-cases.js';

const folder = folderPerTest();

const SAM = '\u070f';
/** Kaithi letters KA, AA, II (U+1108D, U+110B0, U+110B2): a word of Kaithi script. */
const KAITHI = '\u{1108d}\u{110b0}\u{110b2}';

const KEPT = [
  `ܫܢܬ ${SAM}ܐܬܩ`,
  `${SAM}ܝܒ ܡܪܝ`,
  `ܫܢܬ ${SAM}١٢`,
  'جنيه \u0890٥',
  'قرش \u0891٢٠',
  `${KAITHI} \u{110bd}१२`,
  `${KAITHI} \u{110cd}३`,
];

const REFUSED: [string, string][] = [
  [`Zabihullah ${SAM}Mujahid`, 'a Syriac abbreviation mark (U+070F) at character 12'],
  [`ܫܢܬ${SAM}`, 'a Syriac abbreviation mark (U+070F) at character 4'],
  [`ܫܢܬ ${SAM} ܐܬܩ`, 'a Syriac abbreviation mark (U+070F) at character 5'],
  ['\u0890 ٥', 'an Arabic pound mark above (U+0890) at character 1'],
  ['Route \u0891A', 'an Arabic piastre mark above (U+0891) at character 7'],
  ['Mujahid\u{110bd}', 'a Kaithi number sign (U+110BD) at character 8'],
  [`\u{110cd}${KAITHI}`, 'a Kaithi number sign above (U+110CD) at character 1'],
];

describe('ingest: the Syriac abbreviation mark and the other prepended number signs in a name', () => {
  signsInNameCases(folder, KEPT, REFUSED);
});
