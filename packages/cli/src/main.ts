// Entry point of the kb binary (bin/kb.js loads this through tsx).
import { run } from './cli.js';

process.exitCode = await run(process.argv.slice(2));
