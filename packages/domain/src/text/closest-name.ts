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
  const rows = new EditRows();
  for (const name of names) {
    // Lower-casing never shortens text, so a name already too long is passed over before it.
    if (name.length - lower.length > bestDistance) continue;
    const candidate = name.toLowerCase();
    if (candidate === lower) return name;
    if (Math.abs(candidate.length - lower.length) > bestDistance) continue;
    const distance = rows.distance(lower, candidate, bestDistance);
    if (distance <= bestDistance && (best === null || distance < bestDistance)) {
      best = name;
      bestDistance = distance;
    }
  }
  return best;
}

/**
 * Edits (insert, delete, replace, swap of neighbours) between two strings, or `max + 1` once it is
 * certain to exceed `max`: three rolling rows, kept from one comparison to the next (a million names
 * would otherwise allocate three million arrays), and a stop when a whole row is past `max`.
 */
class EditRows {
  #before = new Int32Array(0);
  #previous = new Int32Array(0);
  #row = new Int32Array(0);

  distance(a: string, b: string, max: number): number {
    if (this.#row.length <= b.length) {
      this.#before = new Int32Array(b.length + 1);
      this.#previous = new Int32Array(b.length + 1);
      this.#row = new Int32Array(b.length + 1);
    }
    let before = this.#before;
    let previous = this.#previous;
    let row = this.#row;
    for (let j = 0; j <= b.length; j++) previous[j] = j;
    for (let i = 1; i <= a.length; i++) {
      row[0] = i;
      let least = i;
      const ai = a.charCodeAt(i - 1);
      for (let j = 1; j <= b.length; j++) {
        const bj = b.charCodeAt(j - 1);
        let d = Math.min(previous[j]! + 1, row[j - 1]! + 1, previous[j - 1]! + (ai === bj ? 0 : 1));
        if (i > 1 && j > 1 && ai === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === bj)
          d = Math.min(d, before[j - 2]! + 1);
        row[j] = d;
        if (d < least) least = d;
      }
      if (least > max) return max + 1;
      [before, previous, row] = [previous, row, before];
    }
    return previous[b.length]!;
  }
}
