// What a person most likely meant by a name that is not there: a field of a record, an option of
// kb, a claim id. Shared by every package that answers "unknown X" with "did you mean Y?".

/**
 * The name in `names` that `unknown` most likely meant: one equal but for case, else the first with
 * the fewest edits, at most two (fewer for short text: a third of its length). Names are read once,
 * in order, and any number of them may come (every claim id of a knowledge base, say): each costs
 * one comparison that stops as soon as it is out of reach.
 */
export function closestName(unknown: string, names: Iterable<string>): string | null {
  const lower = unknown.toLowerCase();
  let best: string | null = null;
  let bestDistance = Math.min(2, Math.floor(unknown.length / 3));
  for (const name of names) {
    const candidate = name.toLowerCase();
    if (candidate === lower) return name;
    if (Math.abs(candidate.length - lower.length) > bestDistance) continue;
    const distance = editDistance(lower, candidate, bestDistance);
    if (distance <= bestDistance && (best === null || distance < bestDistance)) {
      best = name;
      bestDistance = distance;
    }
  }
  return best;
}

/**
 * Edits (insert, delete, replace, swap of neighbours) between two strings, or `max + 1` once it is
 * certain to exceed `max`: three rolling rows, and a stop when a whole row is past `max`.
 */
function editDistance(a: string, b: string, max: number): number {
  let before = new Array<number>(b.length + 1).fill(0);
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  let row = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    row[0] = i;
    let least = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(previous[j]! + 1, row[j - 1]! + 1, previous[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        d = Math.min(d, before[j - 2]! + 1);
      row[j] = d;
      if (d < least) least = d;
    }
    if (least > max) return max + 1;
    [before, previous, row] = [previous, row, before];
  }
  return previous[b.length]!;
}
