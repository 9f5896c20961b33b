/** A clock for stores in tests: each call is one second after the previous, from `start`. */
export function steppingClock(start = '2024-01-01T00:00:00.000Z'): () => Date {
  let t = Date.parse(start);
  return () => {
    const now = new Date(t);
    t += 1000;
    return now;
  };
}
