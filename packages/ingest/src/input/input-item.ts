// What the splitters give for each record of the input, and the error item for one too long to hold.

/** One record's text as it sat in the input, with the 1-based line it starts on. */
export interface InputItem {
  readonly line: number;
  readonly text: string;
  /** Set when the input cannot give a record here: a JSON array never closed, a record past the length limit. */
  readonly error?: string;
  /**
   * Set with `error` when the item is a record that could not be read: past the length limit, not
   * UTF-8 (its text is then ''), or cut short by the end of the input (its text as far as it goes,
   * for the rejects file).
   */
  readonly unreadable?: true;
  /** The line a JSON array's element ends on, when not the line it starts on. */
  readonly endLine?: number;
  /** The 1-based column its text starts at on its line, when not 1 (an element of a one-line array). */
  readonly column?: number;
}

/** The item for a record longer than `maxLength` characters: its text was never held whole. */
export function tooLong(line: number, maxLength: number): InputItem {
  return {
    line,
    text: '',
    unreadable: true,
    error:
      `the record is longer than ${maxLength.toLocaleString('en-US')} characters, the most one record may ` +
      'hold; it was skipped without being kept, and is not copied to the rejects file',
  };
}

/**
 * The surrogate pairs in `text` (a low surrogate after a high one; `before` is the code of the
 * character before the text, for a pair cut between two pieces): its UTF-16 length less these is
 * its characters (code points), which the length limit counts. A loop over every character: used
 * only once a record's UTF-16 length has passed the limit, which its characters may not have.
 */
export function surrogatePairs(text: string, before = 0): number {
  let pairs = 0;
  let previous = before;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xdc00 && c <= 0xdfff && previous >= 0xd800 && previous <= 0xdbff) pairs++;
    previous = c;
  }
  return pairs;
}

/** The characters (code points) of `text`: a pair of surrogates is one. */
export function codePoints(text: string): number {
  return text.length - surrogatePairs(text);
}
