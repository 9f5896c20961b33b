import { once } from 'node:events';
import { createWriteStream, type WriteStream } from 'node:fs';

/** Writes rejected lines, one per line, so the user can fix them and ingest the file again. */
export class RejectsFile {
  #out: WriteStream | null = null;

  constructor(readonly path: string | null) {}

  /** Appends one rejected record; the file is created at the first one. */
  async write(text: string): Promise<void> {
    if (this.path === null) return;
    this.#out ??= createWriteStream(this.path, { flags: 'w' });
    if (!this.#out.write(`${oneLine(text)}\n`)) await once(this.#out, 'drain');
  }

  /** The path when something was written, else null. */
  get written(): string | null {
    return this.#out === null ? null : this.path;
  }

  async close(): Promise<void> {
    const out = this.#out;
    if (out === null) return;
    await new Promise<void>((resolve, reject) =>
      out.end((error?: Error | null) => (error ? reject(error) : resolve())),
    );
  }
}

// An element of a JSON array may span lines; a rejects file has one record per line. Valid JSON is
// re-serialised compactly (same value); anything else has its line breaks, which JSON only allows
// as whitespace, turned into spaces.
function oneLine(text: string): string {
  if (!text.includes('\n')) return text;
  try {
    return JSON.stringify(JSON.parse(text));
  } catch {
    return text.replace(/\r?\n/g, ' ');
  }
}
