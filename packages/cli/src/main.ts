// Entry point of the kb binary (bin/kb.js loads it from the cached bundle, or through tsx).
import { run } from './cli.js';

// The sources are loaded: from here each command answers signals its own way (bin/kb.js). A signal
// that came while the last of them were evaluated waits for the event loop's poll to reach it, so
// the starting-up answer is kept until one has run. Taken away at once, that answer would never be
// given, the signal would be lost, and kb would go on (an ingest waiting on stdin would wait on).
const startingUp = (globalThis as Record<symbol, unknown>)[Symbol.for('kb.startingUp')];
if (typeof startingUp === 'function') {
  // Two immediates: the first may run in this turn's check phase, before any poll; the second runs
  // in the next turn's, after its poll.
  await new Promise((resolve) => setImmediate(resolve));
  await new Promise((resolve) => setImmediate(resolve));
  process.off('SIGINT', startingUp as () => void);
  process.off('SIGTERM', startingUp as () => void);
}

// `kb status --json | head` closes the pipe early: that is the reader being done, not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

process.exitCode = await run(process.argv.slice(2));
