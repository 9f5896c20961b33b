// One rejected record as one line of the rejects file (rejects-file.ts writes them).

/**
 * A record as one line of the rejects file: its own text, with the white space between its tokens
 * removed when it spans lines (an element of a JSON array, a pretty-printed record). It is never
 * parsed and written again: that would keep the last of a key written twice, write 1e400 as null and
 * "contr\u006fller" as controller, and the file sent again would store what was refused. Strings are
 * copied as written; a line break inside one (which JSON does not allow there) becomes a space. A
 * run of white space between two characters that would otherwise join into one token (`1 2`, in a
 * record that is not JSON) is kept as one space. A bare carriage return parts no line (an old Mac
 * file is read as one line), so a text without a line feed is one line already and is kept byte for
 * byte: squeezed, an old Mac file's records would be joined with nothing between them.
 */
export function oneLine(text: string): string {
  if (!text.includes('\n')) return text;
  let out = '';
  let from = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92) i++;
      else if (c === 34) inString = false;
      else if (c === 10 || c === 13) {
        out += `${text.slice(from, i)} `;
        from = i + 1;
      }
    } else if (c === 34) inString = true;
    else if (isSpace(c)) {
      let end = i + 1;
      while (end < text.length && isSpace(text.charCodeAt(end))) end++;
      const joins = i > 0 && end < text.length && bare(text.charCodeAt(i - 1)) && bare(text.charCodeAt(end));
      out += text.slice(from, i) + (joins ? ' ' : '');
      from = end;
      i = end - 1;
    }
  }
  return out + text.slice(from);
}

function isSpace(c: number): boolean {
  return c === 32 || c === 10 || c === 13 || c === 9;
}

/** A character of a bare token (a number, true, false, null, or text that is not JSON). */
function bare(c: number): boolean {
  return c !== 34 && c !== 44 && c !== 58 && c !== 91 && c !== 93 && c !== 123 && c !== 125;
}
