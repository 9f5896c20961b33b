import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';

/** A byte source and its size when known (a file), for the progress bar. */
export interface ByteSource {
  readonly chunks: AsyncIterable<Uint8Array>;
  readonly totalBytes: number | null;
}

/** Opens a file path, or standard input for '-', as a stream of chunks. */
export async function openInput(path: string): Promise<ByteSource> {
  if (path === '-') return { chunks: process.stdin, totalBytes: null };
  const info = await stat(path);
  return { chunks: createReadStream(path, { highWaterMark: 1 << 20 }), totalBytes: info.size };
}
