// Entry point of the kb binary (bin/kb.js loads this through tsx).
import { run } from './cli.js';

// The sources are loaded: from here each command answers signals its own way (bin/kb.js).
const startingUp = (globalThis as Record<symbol, unknown>)[Symbol.for('kb.startingUp')];
if (typeof startingUp === 'function') {
  process.off('SIGINT', startingUp as () => void);
  process.off('SIGTERM', startingUp as () => void);
}

// `kb status --json | head` closes the pipe early: that is the reader being done, not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

process.exitCode = await run(process.argv.slice(2));
