#!/usr/bin/env node
// The `kb` command. The sources are TypeScript run through tsx, so nothing needs building first.
// Loading the sources takes a second or more, before any command has set up its own answer to
// Ctrl-C or SIGTERM (an ingest commits what it read, then stops). A signal in that time stops kb
// with nothing read or written, and says so, with the exit code of an interrupted ingest; main.ts
// takes this answer away once the command's code is loaded.
const startingUp = (name) => {
  process.stderr.write(`kb: ${name} while starting: stopped before anything was read or written\n`);
  process.exit(130);
};
globalThis[Symbol.for('kb.startingUp')] = startingUp;
process.on('SIGINT', startingUp);
process.on('SIGTERM', startingUp);

// tsx itself is loaded after the handler is set, as loading it takes a while too.
const { register } = await import('tsx/esm/api');
register();
await import('../src/main.ts');
