/**
 * Names (countries, cities, controllers' ids) in the order a reader expects, and the same order on
 * every machine. `localeCompare` without a locale follows the process's own (LANG, LC_ALL): under an
 * Estonian one Zimbabwe sorts before Tajikistan, so `kb status --json` changed with the environment
 * of the script that ran it. English collation is what the missions were listed in before.
 */
const ENGLISH = new Intl.Collator('en');

export function compareNames(a: string, b: string): number {
  return ENGLISH.compare(a, b);
}
