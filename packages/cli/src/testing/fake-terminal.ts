// A terminal for progress bars in tests: it says it is one, has the width the test gives, keeps
// what is written to it, and tells the time of a clock the test moves by hand.

export interface FakeTerminal {
  readonly stream: { readonly isTTY: true; readonly columns: number; write(chunk: string): boolean };
  readonly clock: { now: number };
  /** The bar's clock, for progressBar's `now`. */
  readonly now: () => number;
  /** Every frame drawn so far, without the controls around it (return, line up, erase to the end). */
  frames(): string[];
}

export function fakeTerminal(columns: number, start = 1_000): FakeTerminal {
  const written: string[] = [];
  const clock = { now: start };
  return {
    stream: { isTTY: true, columns, write: (chunk) => written.push(chunk) > 0 },
    clock,
    now: () => clock.now,
    frames: () =>
      written
        .join('')
        .split('\r')
        .map((frame) => frame.replaceAll('\u001b[K', '').replaceAll('\u001b[1A', '').replace(/\n$/, ''))
        .filter((frame) => frame !== ''),
  };
}
