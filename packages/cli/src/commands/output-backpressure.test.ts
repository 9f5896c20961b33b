// kb's JSON answers written to a reader slower than kb (a pipe into another program): the answer is
// handed over as the reader takes it, never queued in memory whole. `kb mission --json | gzip` on a
// mission of 10,000 accounts (about 1 GB of JSON) ran out of memory this way.
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { processOutput } from './output.js';

/**
 * A stream whose writes complete only when `release` is called, as a pipe whose reader has not read
 * yet; `queuedMost` is the most text it ever held waiting.
 */
function slowReader() {
  const received: string[] = [];
  const waiting: (() => void)[] = [];
  let queuedMost = 0;
  const stream = new Writable({
    highWaterMark: 16 * 1024,
    decodeStrings: false,
    write(chunk: string, _encoding, done) {
      received.push(chunk);
      waiting.push(done);
    },
  });
  const write = stream.write.bind(stream);
  stream.write = ((chunk: string, ...rest: never[]) => {
    const ok = write(chunk, ...rest);
    queuedMost = Math.max(queuedMost, stream.writableLength);
    return ok;
  }) as typeof stream.write;
  return {
    stream,
    received,
    queuedMost: () => queuedMost,
    /** Lets every write waiting so far complete; false when none was waiting. */
    release: () => {
      const now = waiting.splice(0);
      for (const done of now) done();
      return now.length > 0;
    },
  };
}

const ids = Array.from({ length: 40_000 }, (_, i) => `claim-${String(i).padStart(6, '0')}`);
const answer = { mission: 'tj-khorog-consulate', accounts: [{ claimId: 'c-1', contradicts: ids }] };
const whole = `${JSON.stringify(answer, null, 2)}\n`;

describe('processOutput, to a reader slower than kb', () => {
  it('json holds at most about one piece waiting, and writes the whole answer as the reader takes it', async () => {
    expect(whole.length).toBeGreaterThan(500_000);
    const reader = slowReader();
    const out = processOutput({ stdout: reader.stream, stderr: reader.stream });
    let finished = false;
    const written = out.json(answer).then(() => {
      finished = true;
    });
    // Nothing read yet: the answer waits for the reader instead of being queued whole.
    await new Promise((resolve) => setImmediate(resolve));
    expect(reader.queuedMost()).toBeLessThanOrEqual(80 * 1024);
    expect(finished).toBe(false);
    while (!finished) {
      reader.release();
      await new Promise((resolve) => setImmediate(resolve));
    }
    await written;
    reader.release();
    expect(reader.received.join('')).toBe(whole);
    expect(reader.queuedMost()).toBeLessThanOrEqual(80 * 1024);
  });

  it('jsonArray waits for the reader the same way', async () => {
    const reader = slowReader();
    const out = processOutput({ stdout: reader.stream, stderr: reader.stream });
    let finished = false;
    const written = out.jsonArray([answer, answer]).then(() => {
      finished = true;
    });
    while (!finished) {
      reader.release();
      await new Promise((resolve) => setImmediate(resolve));
    }
    await written;
    reader.release();
    expect(reader.received.join('')).toBe(`${JSON.stringify([answer, answer], null, 2)}\n`);
    expect(reader.queuedMost()).toBeLessThanOrEqual(80 * 1024);
  });
});
