/** A date string the policy in `edtf.ts` cannot turn into bounds: what was written and what was expected. */
export class VagueDateError extends Error {
  override readonly name = 'VagueDateError';
  constructor(
    readonly text: string,
    readonly expected: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
