import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';

/** A byte source and its size when known (a file), for the progress bar. */
export interface ByteSource {
  readonly chunks: AsyncIterable<Uint8Array>;
  readonly totalBytes: number | null;
  /**
   * Stops reading at once, even while a read waits for input that has not come (a pipe on stdin):
   * a read pending then never completes, and the stream no longer keeps the process alive.
   */
  close(): void;
}

/** Opens a file path, or standard input for '-', as a stream of chunks. */
export async function openInput(path: string): Promise<ByteSource> {
  if (path === '-') return { chunks: process.stdin, totalBytes: null, close: () => process.stdin.destroy() };
  const info = await stat(path);
  const stream = createReadStream(path, { highWaterMark: 1 << 20 });
  return { chunks: stream, totalBytes: info.size, close: () => stream.destroy() };
}
