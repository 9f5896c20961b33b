// Preloaded into every child that runChild starts: on exit, writes the process's peak resident
// set size to file descriptor 3, so the child's stdout stays its own and it needs no cooperation.
import { writeSync } from 'node:fs';

process.on('exit', () => {
  try {
    writeSync(3, `${JSON.stringify({ maxRssKb: process.resourceUsage().maxRSS })}\n`);
  } catch {
    // Not started by runChild (no fd 3): nothing to report to.
  }
});
